import { useEffect, useRef, useState } from 'react'
import { useClient } from '../app/client-context.ts'
import { useT } from '../i18n/useT.ts'
import { collectDropped } from './collect-files.ts'
import { useAddFiles } from './useAddFiles.ts'

const carriesFiles = (event: DragEvent) => event.dataTransfer?.types.includes('Files') ?? false

/** The whole window takes dropped files and folders; an overlay says so while something is dragged. */
export function DropTarget() {
  const { t } = useT()
  const client = useClient()
  const add = useAddFiles()
  const [dragging, setDragging] = useState(false)
  // dragenter/dragleave fire for every child element crossed; count them to know when it left.
  const depth = useRef(0)

  useEffect(() => {
    const onEnter = (event: DragEvent) => {
      if (!carriesFiles(event)) return
      depth.current += 1
      setDragging(true)
    }
    const onLeave = (event: DragEvent) => {
      if (!carriesFiles(event)) return
      depth.current = Math.max(0, depth.current - 1)
      if (depth.current === 0) setDragging(false)
    }
    const onOver = (event: DragEvent) => {
      if (!carriesFiles(event)) return
      event.preventDefault()
      if (event.dataTransfer) event.dataTransfer.dropEffect = 'copy'
    }
    const onDrop = (event: DragEvent) => {
      if (!carriesFiles(event) || !event.dataTransfer) return
      event.preventDefault()
      depth.current = 0
      setDragging(false)
      if (window.location.hash !== '' && window.location.hash !== '#/') window.location.hash = '#/'
      if (client.transport === 'ipc') {
        // The app hands the core real paths, folders included: the core searches them itself.
        add([...event.dataTransfer.files])
        return
      }
      void collectDropped(event.dataTransfer).then(({ files, emptyFolders }) =>
        add(files, emptyFolders),
      )
    }
    window.addEventListener('dragenter', onEnter)
    window.addEventListener('dragleave', onLeave)
    window.addEventListener('dragover', onOver)
    window.addEventListener('drop', onDrop)
    return () => {
      window.removeEventListener('dragenter', onEnter)
      window.removeEventListener('dragleave', onLeave)
      window.removeEventListener('dragover', onOver)
      window.removeEventListener('drop', onDrop)
    }
  }, [add, client])

  if (!dragging) return null
  return (
    <div className="drop-overlay" aria-hidden="true">
      <div className="drop-overlay__card">{t('import.dropOverlay')}</div>
    </div>
  )
}

import { useEditorT } from './useEditorT.ts'

/**
 * The Undo and Redo buttons of the transcript's and the subtitles' toolbars, each off when its
 * history is empty; the keys that do the same are read by `useUndoKeys` (undo-keys.ts).
 */
export function UndoButtons({
  depth,
  onUndo,
}: {
  depth: { undo: number; redo: number }
  onUndo: (redo: boolean) => void
}) {
  const { t } = useEditorT()
  return (
    <>
      <button
        type="button"
        className="button button--small"
        disabled={depth.undo === 0}
        onClick={() => onUndo(false)}
      >
        {t('toolbar.undo')}
      </button>
      <button
        type="button"
        className="button button--small"
        disabled={depth.redo === 0}
        onClick={() => onUndo(true)}
      >
        {t('toolbar.redo')}
      </button>
    </>
  )
}

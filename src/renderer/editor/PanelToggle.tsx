/**
 * A toolbar button that opens and closes one of the editor's panels (find, speakers, rules, the
 * keys help): pressed while its panel is open. `icon` shows a sign and says `label` to readers.
 */
export function PanelToggle({
  label,
  open,
  onToggle,
  icon,
}: {
  label: string
  open: boolean
  onToggle: () => void
  icon?: string
}) {
  if (icon === undefined)
    return (
      <button
        type="button"
        className="button button--small"
        aria-expanded={open}
        onClick={onToggle}
      >
        {label}
      </button>
    )
  return (
    <button
      type="button"
      className="button button--small button--icon"
      aria-label={label}
      title={label}
      aria-expanded={open}
      onClick={onToggle}
    >
      {icon}
    </button>
  )
}

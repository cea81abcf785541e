import { Component, type ReactNode } from 'react'

interface Props {
  /** Shown instead of a page that failed to draw; the header and tasks stay usable. */
  fallback: ReactNode
  children: ReactNode
}

export class PageErrorBoundary extends Component<Props, { failed: boolean }> {
  override state = { failed: false }

  static getDerivedStateFromError(): { failed: boolean } {
    return { failed: true }
  }

  override componentDidCatch(error: unknown): void {
    console.error('page failed to render', error)
  }

  override render(): ReactNode {
    return this.state.failed ? this.props.fallback : this.props.children
  }
}

import type { FocusEvent, ReactNode } from 'react';

const FOCUSABLE = 'a[href], button:not([disabled]), input:not([disabled]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';

/**
 * Keeps Tab inside a dialog or drawer (antd's `modalRender`, `drawerRender`): antd pulls the focus back only
 * once it has left, and a dialog is the last thing on the page, so Tab on its last button went first to the
 * browser's address bar. Two empty stops at the edges send the focus round to the other end instead.
 */
export function FocusLoop({ children }: { children: ReactNode }) {
  return (
    <div className="focus-loop">
      <span tabIndex={0} className="focus-loop__edge" onFocus={focusEdge('last')} />
      {children}
      <span tabIndex={0} className="focus-loop__edge" onFocus={focusEdge('first')} />
    </div>
  );
}

/** Moves the focus from an edge stop to the first or last control of its loop. */
function focusEdge(edge: 'first' | 'last') {
  return (event: FocusEvent<HTMLElement>) => {
    const loop = event.currentTarget.parentElement;
    const nodes = [...(loop?.querySelectorAll<HTMLElement>(FOCUSABLE) ?? [])].filter(
      (node) => !node.classList.contains('focus-loop__edge') && node.getClientRects().length > 0,
    );
    (edge === 'first' ? nodes[0] : nodes[nodes.length - 1])?.focus();
  };
}

/** For `modalRender` and `drawerRender`. */
export function loopFocus(node: ReactNode): ReactNode {
  return <FocusLoop>{node}</FocusLoop>;
}

import type { ReactNode } from 'react';

/**
 * A table wider than a phone, scrolled sideways in a box of its own that the keyboard can reach and scroll with
 * the arrow keys (WCAG 2.1.1): its rows hold no link or button that would take the focus into it otherwise.
 */
export function ScrollRegion({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="scroll-region" role="region" aria-label={label} tabIndex={0}>
      {children}
    </div>
  );
}

import { useEffect, useId, useRef, useState, type ReactNode } from 'react';
import './popover.css';

interface Props {
  /** The button's content. */
  label: ReactNode;
  /** The button's accessible name, when its content is not enough. */
  ariaLabel?: string;
  className?: string;
  /** The panel's accessible name. */
  title: string;
  children: (close: () => void) => ReactNode;
  align?: 'left' | 'right';
  /** Open from outside (a keyboard shortcut). */
  openSignal?: number;
}

/**
 * A button with a panel under it: opens on click, closes on Escape, outside click or close();
 * focus goes into the panel and back to the button.
 */
export function Popover({ label, ariaLabel, className, title, children, align = 'left', openSignal }: Props) {
  const [open, setOpen] = useState(false);
  const button = useRef<HTMLButtonElement>(null);
  const panel = useRef<HTMLDivElement>(null);
  const id = useId();
  const close = () => {
    setOpen(false);
    button.current?.focus();
  };
  useEffect(() => {
    if (openSignal) setOpen(true);
  }, [openSignal]);
  useEffect(() => {
    if (!open) return;
    const first = panel.current?.querySelector<HTMLElement>('input, select, textarea, button');
    first?.focus();
    const onDown = (e: PointerEvent) => {
      const t = e.target as Node;
      if (!panel.current?.contains(t) && !button.current?.contains(t)) setOpen(false);
    };
    window.addEventListener('pointerdown', onDown);
    return () => window.removeEventListener('pointerdown', onDown);
  }, [open]);
  return (
    <div className={`popover-anchor ${className ?? ''}`}>
      <button ref={button} type="button" aria-label={ariaLabel} aria-expanded={open} aria-controls={open ? id : undefined} aria-haspopup="dialog" onClick={() => setOpen((o) => !o)}>
        {label}
      </button>
      {open && (
        <div
          ref={panel}
          id={id}
          role="dialog"
          aria-label={title}
          className={`popover popover-${align}`}
          onKeyDown={(e) => {
            if (e.key === 'Escape') {
              e.stopPropagation();
              close();
            }
          }}
        >
          {children(close)}
        </div>
      )}
    </div>
  );
}

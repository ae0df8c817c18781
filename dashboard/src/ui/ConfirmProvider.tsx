import {
  createContext,
  type ReactNode,
  useCallback,
  useContext,
  useEffect,
  useRef,
  useState,
} from 'react';

interface ConfirmRequest {
  title: string;
  body?: ReactNode;
  confirmLabel: string;
  danger?: boolean;
  /** Ask why, for the audit log: the answer is sent as the change's comment. */
  reason?: { label: string; hint?: string };
}

/** A confirmed request, with the reason typed (empty when none was asked or given). */
export interface Confirmation {
  reason: string;
}

type Confirm = (request: ConfirmRequest) => Promise<Confirmation | false>;
const ConfirmContext = createContext<Confirm | null>(null);

/** One modal confirmation dialog for the whole app, asked for with `useConfirm()`. */
export function ConfirmProvider({ children }: { children: ReactNode }) {
  const dialog = useRef<HTMLDialogElement>(null);
  const [request, setRequest] = useState<ConfirmRequest | null>(null);
  const [reason, setReason] = useState('');
  const settle = useRef<(answer: Confirmation | false) => void>(() => {});

  const confirm = useCallback<Confirm>((next) => {
    setRequest(next);
    setReason('');
    return new Promise((resolve) => {
      settle.current = resolve;
    });
  }, []);

  // Opened once the request is rendered, so focus goes to its first field (the reason, when
  // asked; Cancel otherwise), never to a control that appears after it.
  useEffect(() => {
    if (request && !dialog.current?.open) dialog.current?.showModal();
  }, [request]);

  const close = (answer: Confirmation | false) => {
    dialog.current?.close();
    settle.current(answer);
  };

  return (
    <ConfirmContext value={confirm}>
      {children}
      <dialog
        ref={dialog}
        className="confirm"
        aria-labelledby="confirm-title"
        onCancel={() => settle.current(false)}
      >
        <h2 id="confirm-title">{request?.title}</h2>
        {request?.body && <div className="confirm-body">{request.body}</div>}
        {request?.reason && (
          <div className="field">
            <label htmlFor="confirm-reason">{request.reason.label}</label>
            <textarea
              id="confirm-reason"
              rows={2}
              maxLength={2000}
              value={reason}
              onChange={(event) => setReason(event.target.value)}
              {...(request.reason.hint && { 'aria-describedby': 'confirm-reason-hint' })}
            />
            {request.reason.hint && (
              <p id="confirm-reason-hint" className="hint">
                {request.reason.hint}
              </p>
            )}
          </div>
        )}
        <div className="actions">
          <button type="button" onClick={() => close(false)}>
            Cancel
          </button>
          <button
            type="button"
            className={request?.danger ? 'danger' : 'primary'}
            onClick={() => close({ reason: reason.trim() })}
          >
            {request?.confirmLabel}
          </button>
        </div>
      </dialog>
    </ConfirmContext>
  );
}

/** Asks the user to confirm; resolves to true when they do. */
export function useConfirm(): Confirm {
  const confirm = useContext(ConfirmContext);
  if (!confirm) throw new Error('useConfirm must be used inside <ConfirmProvider>');
  return confirm;
}

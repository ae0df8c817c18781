import { createContext, type ReactNode, useCallback, useContext, useRef, useState } from 'react';

interface ConfirmRequest {
  title: string;
  body?: ReactNode;
  confirmLabel: string;
  danger?: boolean;
}

type Confirm = (request: ConfirmRequest) => Promise<boolean>;
const ConfirmContext = createContext<Confirm | null>(null);

/** One modal confirmation dialog for the whole app, asked for with `useConfirm()`. */
export function ConfirmProvider({ children }: { children: ReactNode }) {
  const dialog = useRef<HTMLDialogElement>(null);
  const [request, setRequest] = useState<ConfirmRequest | null>(null);
  const settle = useRef<(answer: boolean) => void>(() => {});

  const confirm = useCallback<Confirm>((next) => {
    setRequest(next);
    dialog.current?.showModal();
    return new Promise((resolve) => {
      settle.current = resolve;
    });
  }, []);

  const close = (answer: boolean) => {
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
        <div className="actions">
          <button type="button" onClick={() => close(false)}>
            Cancel
          </button>
          <button
            type="button"
            className={request?.danger ? 'danger' : 'primary'}
            onClick={() => close(true)}
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

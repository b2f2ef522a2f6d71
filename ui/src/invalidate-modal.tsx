import { EuiCallOut, EuiConfirmModal, EuiSpacer, EuiText } from '@elastic/eui';
import { useState } from 'react';
import type { ApiKeyInfo } from './api/security-api';
import type { Session } from './session';
import { errorReason } from './sign-in';

const NAMES_SHOWN = 20;

function label(key: ApiKeyInfo): string {
  return key.name === null || key.name === '' ? key.id : key.name;
}

/** Confirms, then invalidates the named keys in one DELETE _security/api_key call. */
export function InvalidateModal(props: {
  session: Session;
  keys: ApiKeyInfo[];
  onCancel: () => void;
  onDone: (message: string) => void;
}) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | undefined>(undefined);
  const { keys } = props;
  const title =
    keys.length === 1 && keys[0]
      ? `Invalidate API key “${label(keys[0])}”?`
      : `Invalidate ${keys.length} API keys?`;

  const confirm = async () => {
    setBusy(true);
    setError(undefined);
    try {
      const response = await props.session.api.invalidateApiKeys(keys.map((key) => key.id));
      if (response.error_count > 0) {
        const reasons = (response.error_details ?? []).map((detail) => detail.reason);
        setError(reasons.join('; ') || `${response.error_count} keys could not be invalidated`);
        setBusy(false);
        return;
      }
      const count = response.invalidated_api_keys.length;
      props.onDone(`Invalidated ${count} API ${count === 1 ? 'key' : 'keys'}`);
    } catch (caught) {
      setError(errorReason(caught));
      setBusy(false);
    }
  };

  return (
    <EuiConfirmModal
      title={title}
      titleProps={{ id: 'invalidateModalTitle' }}
      aria-labelledby="invalidateModalTitle"
      onCancel={props.onCancel}
      onConfirm={() => void confirm()}
      cancelButtonText="Cancel"
      confirmButtonText={keys.length === 1 ? 'Invalidate API key' : 'Invalidate API keys'}
      buttonColor="danger"
      isLoading={busy}
      defaultFocusedButton="cancel"
      data-test-subj="invalidateModal"
    >
      <EuiText size="s">
        <p>
          Applications using {keys.length === 1 ? 'this key' : 'these keys'} stop working at once.
        </p>
        <ul>
          {keys.slice(0, NAMES_SHOWN).map((key) => (
            <li key={key.id}>
              <strong>{label(key)}</strong> ({key.id})
            </li>
          ))}
          {keys.length > NAMES_SHOWN ? <li>and {keys.length - NAMES_SHOWN} more</li> : null}
        </ul>
      </EuiText>
      {error !== undefined ? (
        <>
          <EuiSpacer size="s" />
          <EuiCallOut color="danger" iconType="error" title="Invalidation failed" role="alert">
            <p>{error}</p>
          </EuiCallOut>
        </>
      ) : null}
    </EuiConfirmModal>
  );
}

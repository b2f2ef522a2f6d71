import { EuiCallOut, EuiConfirmModal, EuiSpacer, EuiText } from '@elastic/eui';
import { useState } from 'react';
import type { ApiKeyInfo, RotatedApiKey } from './api/security-api';
import type { Session } from './session';
import { errorReason } from './sign-in';

/**
 * Confirms, then rotates a key with this service's extension: a successor with the same name,
 * privileges and metadata, whose secret the page shows once; the old key ends after an hour.
 */
export function RotateModal(props: {
  session: Session;
  apiKey: ApiKeyInfo;
  onCancel: () => void;
  onRotated: (successor: RotatedApiKey) => void;
}) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | undefined>(undefined);
  const { apiKey } = props;
  const label = apiKey.name === null || apiKey.name === '' ? apiKey.id : apiKey.name;

  const confirm = async () => {
    setBusy(true);
    setError(undefined);
    try {
      props.onRotated(await props.session.api.rotateApiKey(apiKey.id));
    } catch (caught) {
      setError(errorReason(caught));
      setBusy(false);
    }
  };

  return (
    <EuiConfirmModal
      title={`Rotate API key “${label}”?`}
      titleProps={{ id: 'rotateModalTitle' }}
      aria-labelledby="rotateModalTitle"
      onCancel={props.onCancel}
      onConfirm={() => void confirm()}
      cancelButtonText="Cancel"
      confirmButtonText="Rotate API key"
      isLoading={busy}
      defaultFocusedButton="cancel"
      data-test-subj="rotateModal"
    >
      <EuiText size="s">
        <p>
          A new key with the same name, privileges and metadata is created and shown once. This key
          ({apiKey.id}) keeps working for one more hour (or until it expires, if sooner), so
          applications can switch over.
        </p>
      </EuiText>
      {error !== undefined ? (
        <>
          <EuiSpacer size="s" />
          <EuiCallOut color="danger" iconType="error" title="Rotation failed" role="alert">
            <p>{error}</p>
          </EuiCallOut>
        </>
      ) : null}
    </EuiConfirmModal>
  );
}

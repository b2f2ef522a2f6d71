import {
  EuiBadge,
  EuiButton,
  EuiCallOut,
  EuiDescriptionList,
  EuiFieldNumber,
  EuiFlyout,
  EuiFlyoutBody,
  EuiFlyoutHeader,
  EuiFormRow,
  EuiHorizontalRule,
  EuiLoadingSpinner,
  EuiSpacer,
  EuiSwitch,
  EuiText,
  EuiTitle,
} from '@elastic/eui';
import { useEffect, useState } from 'react';
import type { ApiKeyInfo, UpdateApiKeyRequest } from './api/security-api';
import { JsonView } from './copyable-code';
import { JsonField } from './json-field';
import { parseJsonObject, parseRoleDescriptors } from './json-object';
import { exactTime, keyStatus, relativeTime } from './key-status';
import { ownsKey, type Session } from './session';
import { errorReason } from './sign-in';

const MAX_EXPIRATION_DAYS = 36_500;

function pretty(value: unknown): string {
  return JSON.stringify(value ?? {}, null, 2);
}

/** Everything get returns for one key; the owner may update descriptors, metadata and expiration. */
export function DetailsFlyout(props: {
  session: Session;
  apiKey: ApiKeyInfo;
  onClose: () => void;
  onUpdated: () => void;
}) {
  const { session } = props;
  const [key, setKey] = useState<ApiKeyInfo>(props.apiKey);
  const [loading, setLoading] = useState(true);
  const [loadError, setLoadError] = useState<string | undefined>(undefined);
  const [reloads, setReloads] = useState(0);
  const now = Date.now();

  useEffect(() => {
    void reloads;
    let current = true;
    // ES returns limited_by only to manage_api_key holders, or to a user asking about their own keys.
    const withLimitedBy = session.rights.manageAll || session.user.api_key === undefined;
    session.api.getApiKey(props.apiKey.id, withLimitedBy).then(
      (found) => {
        if (current) {
          if (found) {
            setKey(found);
          }
          setLoading(false);
        }
      },
      (caught: unknown) => {
        if (current) {
          setLoadError(errorReason(caught));
          setLoading(false);
        }
      },
    );
    return () => {
      current = false;
    };
  }, [session, props.apiKey.id, reloads]);

  const status = keyStatus(key, now);
  const editable =
    status === 'active' &&
    session.rights.manageOwn &&
    session.user.api_key === undefined &&
    ownsKey(session, key);

  return (
    <EuiFlyout
      onClose={props.onClose}
      size="m"
      aria-labelledby="detailsFlyoutTitle"
      ownFocus={true}
    >
      <EuiFlyoutHeader hasBorder={true}>
        <EuiTitle size="m">
          <h2 id="detailsFlyoutTitle">{key.name ?? key.id}</h2>
        </EuiTitle>
        <EuiSpacer size="s" />
        <EuiBadge data-test-subj="detailsStatus">{status}</EuiBadge>
      </EuiFlyoutHeader>
      <EuiFlyoutBody data-test-subj="detailsFlyout">
        {loading ? <EuiLoadingSpinner size="m" /> : null}
        {loadError !== undefined ? (
          <EuiCallOut color="danger" iconType="error" title="Could not load the key" role="alert">
            <p>{loadError}</p>
          </EuiCallOut>
        ) : null}
        <EuiDescriptionList
          type="column"
          compressed={true}
          listItems={[
            { title: 'ID', description: key.id },
            { title: 'Type', description: key.type ?? 'rest' },
            { title: 'Owner', description: `${key.username} / ${key.realm}` },
            {
              title: 'Created',
              description: `${exactTime(key.creation)} (${relativeTime(key.creation, now)})`,
            },
            {
              title: 'Expires',
              description:
                key.expiration === undefined
                  ? 'Never'
                  : `${exactTime(key.expiration)} (${relativeTime(key.expiration, now)})`,
            },
            ...(key.invalidation === undefined
              ? []
              : [{ title: 'Invalidated', description: exactTime(key.invalidation) }]),
          ]}
        />
        <EuiSpacer size="m" />
        <EuiTitle size="xs">
          <h3>Role descriptors</h3>
        </EuiTitle>
        <JsonView value={key.role_descriptors} testSubj="roleDescriptorsView" />
        {key.limited_by !== undefined ? (
          <>
            <EuiSpacer size="m" />
            <EuiTitle size="xs">
              <h3>Limited by (owner's roles at creation)</h3>
            </EuiTitle>
            <JsonView value={key.limited_by} testSubj="limitedBy" />
          </>
        ) : null}
        <EuiSpacer size="m" />
        <EuiTitle size="xs">
          <h3>Metadata</h3>
        </EuiTitle>
        <JsonView value={key.metadata} testSubj="metadataView" />
        {editable && !loading ? (
          <UpdateForm
            session={session}
            apiKey={key}
            onUpdated={() => {
              setReloads((count) => count + 1);
              props.onUpdated();
            }}
          />
        ) : null}
      </EuiFlyoutBody>
    </EuiFlyout>
  );
}

function UpdateForm(props: { session: Session; apiKey: ApiKeyInfo; onUpdated: () => void }) {
  const [roleDescriptors, setRoleDescriptors] = useState(pretty(props.apiKey.role_descriptors));
  const [metadata, setMetadata] = useState(pretty(props.apiKey.metadata));
  const [changeExpiration, setChangeExpiration] = useState(false);
  const [days, setDays] = useState('30');
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | undefined>(undefined);

  const roles = parseRoleDescriptors(roleDescriptors);
  const meta = parseJsonObject(metadata, 'Metadata');
  const dayCount = Number(days);
  const daysError =
    changeExpiration &&
    (!Number.isInteger(dayCount) || dayCount < 1 || dayCount > MAX_EXPIRATION_DAYS)
      ? `Enter a whole number of days from 1 to ${MAX_EXPIRATION_DAYS}`
      : undefined;
  const invalid = !roles.ok || !meta.ok || daysError !== undefined;

  const save = async () => {
    if (!roles.ok || !meta.ok || daysError !== undefined) {
      return;
    }
    const body: UpdateApiKeyRequest = { role_descriptors: roles.value, metadata: meta.value };
    if (changeExpiration) {
      body.expiration = `${dayCount}d`;
    }
    setBusy(true);
    setMessage(undefined);
    try {
      const response = await props.session.api.updateApiKey(props.apiKey.id, body);
      setMessage({ ok: true, text: response.updated ? 'API key updated' : 'Nothing to change' });
      props.onUpdated();
    } catch (caught) {
      setMessage({ ok: false, text: errorReason(caught) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <EuiHorizontalRule />
      <EuiTitle size="s">
        <h3>Update</h3>
      </EuiTitle>
      <EuiText size="xs" color="subdued">
        <p>Only the owner of a key can update it.</p>
      </EuiText>
      <EuiSpacer size="s" />
      <JsonField
        label="Role descriptors"
        helpText="{} gives the key its owner's current privileges."
        value={roleDescriptors}
        error={roles.ok ? undefined : roles.error}
        onChange={setRoleDescriptors}
        testSubj="updateRoleDescriptors"
      />
      <JsonField
        label="Metadata"
        value={metadata}
        error={meta.ok ? undefined : meta.error}
        onChange={setMetadata}
        testSubj="updateMetadata"
      />
      <EuiSwitch
        label="Set a new expiration"
        checked={changeExpiration}
        onChange={(event) => setChangeExpiration(event.target.checked)}
      />
      {changeExpiration ? (
        <EuiFormRow label="Expires in" isInvalid={daysError !== undefined} error={daysError}>
          <EuiFieldNumber
            value={days}
            min={1}
            max={MAX_EXPIRATION_DAYS}
            append="days"
            onChange={(event) => setDays(event.target.value)}
            isInvalid={daysError !== undefined}
          />
        </EuiFormRow>
      ) : null}
      <EuiSpacer size="m" />
      {message !== undefined ? (
        <>
          <EuiCallOut
            color={message.ok ? 'success' : 'danger'}
            iconType={message.ok ? 'check' : 'error'}
            title={message.text}
            role={message.ok ? 'status' : 'alert'}
            data-test-subj="updateResult"
          />
          <EuiSpacer size="m" />
        </>
      ) : null}
      <EuiButton
        onClick={() => void save()}
        isLoading={busy}
        isDisabled={invalid}
        fill={true}
        data-test-subj="updateApiKeySubmit"
      >
        Update API key
      </EuiButton>
    </>
  );
}

import {
  EuiButton,
  EuiButtonEmpty,
  EuiCallOut,
  EuiFieldNumber,
  EuiFieldText,
  EuiFlexGroup,
  EuiFlexItem,
  EuiFlyout,
  EuiFlyoutBody,
  EuiFlyoutFooter,
  EuiFlyoutHeader,
  EuiForm,
  EuiFormRow,
  EuiSpacer,
  EuiSwitch,
  EuiTitle,
} from '@elastic/eui';
import { type FormEvent, useState } from 'react';
import type { CreateApiKeyRequest, CreatedApiKey } from './api/security-api';
import { JsonField } from './json-field';
import { parseJsonObject, parseRoleDescriptors, ROLE_DESCRIPTORS_TEMPLATE } from './json-object';
import type { Session } from './session';
import { errorReason } from './sign-in';

/** ES's limit on API key names. */
const MAX_NAME_LENGTH = 1024;
const MAX_EXPIRATION_DAYS = 36_500;

export function CreateFlyout(props: {
  session: Session;
  onClose: () => void;
  onCreated: (key: CreatedApiKey) => void;
}) {
  const [name, setName] = useState('');
  const [expires, setExpires] = useState(false);
  const [days, setDays] = useState('30');
  const [restrict, setRestrict] = useState(false);
  const [roleDescriptors, setRoleDescriptors] = useState(ROLE_DESCRIPTORS_TEMPLATE);
  const [withMetadata, setWithMetadata] = useState(false);
  const [metadata, setMetadata] = useState('{}');
  const [error, setError] = useState<string | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  const [submitted, setSubmitted] = useState(false);

  const nameError = name.trim() === '' ? 'Enter a name' : undefined;
  const dayCount = Number(days);
  const daysError =
    expires && (!Number.isInteger(dayCount) || dayCount < 1 || dayCount > MAX_EXPIRATION_DAYS)
      ? `Enter a whole number of days from 1 to ${MAX_EXPIRATION_DAYS}`
      : undefined;
  const roles = restrict ? parseRoleDescriptors(roleDescriptors) : undefined;
  const meta = withMetadata ? parseJsonObject(metadata, 'Metadata') : undefined;
  const invalid =
    nameError !== undefined || daysError !== undefined || roles?.ok === false || meta?.ok === false;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setSubmitted(true);
    if (invalid) {
      return;
    }
    const body: CreateApiKeyRequest = { name: name.trim() };
    if (expires) {
      body.expiration = `${dayCount}d`;
    }
    if (roles?.ok) {
      body.role_descriptors = roles.value;
    }
    if (meta?.ok) {
      body.metadata = meta.value;
    }
    setBusy(true);
    setError(undefined);
    try {
      props.onCreated(await props.session.api.createApiKey(body));
    } catch (caught) {
      setError(errorReason(caught));
      setBusy(false);
    }
  };

  return (
    <EuiFlyout onClose={props.onClose} size="m" aria-labelledby="createFlyoutTitle" ownFocus={true}>
      <EuiFlyoutHeader hasBorder={true}>
        <EuiTitle size="m">
          <h2 id="createFlyoutTitle">Create API key</h2>
        </EuiTitle>
      </EuiFlyoutHeader>
      <EuiFlyoutBody>
        <EuiForm
          id="createApiKeyForm"
          component="form"
          onSubmit={(event) => void submit(event)}
          data-test-subj="createApiKeyForm"
        >
          {error !== undefined ? (
            <>
              <EuiCallOut
                color="danger"
                iconType="error"
                title="Could not create API key"
                role="alert"
                data-test-subj="createError"
              >
                <p>{error}</p>
              </EuiCallOut>
              <EuiSpacer size="m" />
            </>
          ) : null}
          <EuiFormRow
            label="Name"
            isInvalid={submitted && nameError !== undefined}
            error={nameError}
            fullWidth={true}
          >
            <EuiFieldText
              value={name}
              onChange={(event) => setName(event.target.value)}
              maxLength={MAX_NAME_LENGTH}
              isInvalid={submitted && nameError !== undefined}
              fullWidth={true}
              data-test-subj="apiKeyName"
            />
          </EuiFormRow>
          <EuiSpacer size="m" />
          <EuiSwitch
            label="Expire after time"
            checked={expires}
            onChange={(event) => setExpires(event.target.checked)}
            data-test-subj="expiresSwitch"
          />
          {expires ? (
            <EuiFormRow
              label="Lifetime"
              isInvalid={daysError !== undefined}
              error={daysError}
              fullWidth={true}
            >
              <EuiFieldNumber
                value={days}
                min={1}
                max={MAX_EXPIRATION_DAYS}
                step={1}
                append="days"
                onChange={(event) => setDays(event.target.value)}
                isInvalid={daysError !== undefined}
                data-test-subj="expirationDays"
              />
            </EuiFormRow>
          ) : null}
          <EuiSpacer size="m" />
          <EuiSwitch
            label="Restrict privileges"
            checked={restrict}
            onChange={(event) => setRestrict(event.target.checked)}
            data-test-subj="restrictSwitch"
          />
          {restrict ? (
            <JsonField
              label="Role descriptors"
              helpText="The key gets the intersection of these roles and your own privileges."
              value={roleDescriptors}
              error={roles?.ok === false ? roles.error : undefined}
              onChange={setRoleDescriptors}
              testSubj="roleDescriptors"
            />
          ) : null}
          <EuiSpacer size="m" />
          <EuiSwitch
            label="Include metadata"
            checked={withMetadata}
            onChange={(event) => setWithMetadata(event.target.checked)}
            data-test-subj="metadataSwitch"
          />
          {withMetadata ? (
            <JsonField
              label="Metadata"
              value={metadata}
              error={meta?.ok === false ? meta.error : undefined}
              onChange={setMetadata}
              testSubj="metadata"
            />
          ) : null}
        </EuiForm>
      </EuiFlyoutBody>
      <EuiFlyoutFooter>
        <EuiFlexGroup justifyContent="spaceBetween">
          <EuiFlexItem grow={false}>
            <EuiButtonEmpty onClick={props.onClose}>Cancel</EuiButtonEmpty>
          </EuiFlexItem>
          <EuiFlexItem grow={false}>
            <EuiButton
              type="submit"
              form="createApiKeyForm"
              fill={true}
              isLoading={busy}
              isDisabled={submitted && invalid}
              data-test-subj="createApiKeySubmit"
            >
              Create API key
            </EuiButton>
          </EuiFlexItem>
        </EuiFlexGroup>
      </EuiFlyoutFooter>
    </EuiFlyout>
  );
}

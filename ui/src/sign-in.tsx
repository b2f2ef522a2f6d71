import {
  EuiButton,
  EuiButtonGroup,
  EuiCallOut,
  EuiFieldPassword,
  EuiFieldText,
  EuiForm,
  EuiFormRow,
  EuiPageTemplate,
  EuiPanel,
  EuiSpacer,
  EuiTitle,
} from '@elastic/eui';
import { type FormEvent, useState } from 'react';
import type { Credentials } from './api/credentials';
import { EsRequestError } from './api/es-client';
import { SecurityApi } from './api/security-api';
import { rightsFrom, type Session } from './session';

type Method = 'basic' | 'api_key';

const METHODS = [
  { id: 'basic', label: 'Username and password' },
  { id: 'api_key', label: 'API key' },
];

export function errorReason(error: unknown): string {
  if (error instanceof EsRequestError) {
    return error.reason;
  }
  return error instanceof Error ? error.message : String(error);
}

export function SignIn({ onSignedIn }: { onSignedIn: (session: Session) => void }) {
  const [method, setMethod] = useState<Method>('basic');
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [encoded, setEncoded] = useState('');
  const [error, setError] = useState<string | undefined>(undefined);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const credentials: Credentials =
      method === 'basic' ? { kind: 'basic', username, password } : { kind: 'api_key', encoded };
    setBusy(true);
    setError(undefined);
    try {
      const api = new SecurityApi(credentials);
      const user = await api.authenticate();
      const privileges = await api.hasPrivileges();
      setPassword('');
      setEncoded('');
      onSignedIn({ api, user, rights: rightsFrom(privileges) });
    } catch (caught) {
      setError(errorReason(caught));
      setBusy(false);
    }
  };

  const ready = method === 'basic' ? username !== '' && password !== '' : encoded.trim() !== '';
  return (
    <EuiPageTemplate.Section alignment="center" grow={true}>
      <EuiPanel paddingSize="l" style={{ width: 420 }}>
        <EuiTitle size="s">
          <h2>Sign in</h2>
        </EuiTitle>
        <EuiSpacer size="m" />
        <EuiForm
          component="form"
          onSubmit={(event) => void submit(event)}
          data-test-subj="signInForm"
        >
          <EuiButtonGroup
            legend="Sign in with"
            options={METHODS}
            idSelected={method}
            onChange={(id) => setMethod(id === 'api_key' ? 'api_key' : 'basic')}
            isFullWidth={true}
            buttonSize="compressed"
          />
          <EuiSpacer size="m" />
          {method === 'basic' ? (
            <>
              <EuiFormRow label="Username">
                <EuiFieldText
                  name="username"
                  autoComplete="username"
                  value={username}
                  onChange={(event) => setUsername(event.target.value)}
                  data-test-subj="username"
                />
              </EuiFormRow>
              <EuiFormRow label="Password">
                <EuiFieldPassword
                  name="password"
                  type="dual"
                  autoComplete="current-password"
                  value={password}
                  onChange={(event) => setPassword(event.target.value)}
                  data-test-subj="password"
                />
              </EuiFormRow>
            </>
          ) : (
            <EuiFormRow label="Encoded API key" helpText="The base64 “encoded” value of a key.">
              <EuiFieldPassword
                name="apiKey"
                type="dual"
                autoComplete="off"
                value={encoded}
                onChange={(event) => setEncoded(event.target.value)}
                data-test-subj="encodedApiKey"
              />
            </EuiFormRow>
          )}
          {error !== undefined ? (
            <>
              <EuiSpacer size="m" />
              <EuiCallOut
                color="danger"
                iconType="error"
                title="Sign-in failed"
                role="alert"
                data-test-subj="signInError"
              >
                <p>{error}</p>
              </EuiCallOut>
            </>
          ) : null}
          <EuiSpacer size="m" />
          <EuiButton
            type="submit"
            fill={true}
            fullWidth={true}
            isLoading={busy}
            isDisabled={!ready}
            data-test-subj="signInButton"
          >
            Sign in
          </EuiButton>
        </EuiForm>
      </EuiPanel>
    </EuiPageTemplate.Section>
  );
}

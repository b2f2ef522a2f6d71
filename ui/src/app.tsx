import {
  EuiButtonEmpty,
  EuiHeader,
  EuiHeaderSection,
  EuiHeaderSectionItem,
  EuiPageTemplate,
  EuiText,
} from '@elastic/eui';
import { useState } from 'react';
import { KeysPage } from './keys-page';
import type { Session } from './session';
import { SignIn } from './sign-in';

export function App() {
  // The session (and with it the credentials) lives in this state only: a reload or sign-out forgets it.
  const [session, setSession] = useState<Session | undefined>(undefined);
  return (
    <>
      <EuiHeader position="fixed">
        <EuiHeaderSection>
          <EuiHeaderSectionItem>
            <EuiText size="s">
              <h1 style={{ fontSize: 'inherit', margin: '0 16px' }}>Stack Management · API keys</h1>
            </EuiText>
          </EuiHeaderSectionItem>
        </EuiHeaderSection>
        {session ? (
          <EuiHeaderSection side="right">
            <EuiHeaderSectionItem>
              <EuiText size="s" data-test-subj="signedInAs">
                <span>
                  {session.user.username} ({session.user.authentication_realm.name})
                </span>
              </EuiText>
            </EuiHeaderSectionItem>
            <EuiHeaderSectionItem>
              <EuiButtonEmpty
                size="s"
                iconType="logOut"
                onClick={() => setSession(undefined)}
                data-test-subj="signOut"
              >
                Sign out
              </EuiButtonEmpty>
            </EuiHeaderSectionItem>
          </EuiHeaderSection>
        ) : null}
      </EuiHeader>
      <EuiPageTemplate panelled={true} offset={48} restrictWidth={1400}>
        {session ? (
          <KeysPage session={session} key={session.user.username} />
        ) : (
          <SignIn onSignedIn={setSession} />
        )}
      </EuiPageTemplate>
    </>
  );
}

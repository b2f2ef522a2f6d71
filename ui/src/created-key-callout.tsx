import { EuiCallOut, EuiSpacer, EuiText } from '@elastic/eui';
import { Fragment } from 'react';
import type { CreatedApiKey } from './api/security-api';
import { CopyableCode } from './copyable-code';

/** The new key's secret, shown once in the formats people paste, each with a copy button. */
export function CreatedKeyCallout(props: { created: CreatedApiKey; onDismiss: () => void }) {
  const { created } = props;
  const formats = [
    { id: 'encoded', label: 'Encoded (Authorization: ApiKey …)', value: created.encoded },
    {
      id: 'beats',
      label: 'Beats and Logstash (id:api_key)',
      value: `${created.id}:${created.api_key}`,
    },
    { id: 'json', label: 'JSON', value: JSON.stringify(created, null, 2) },
  ];
  return (
    <EuiCallOut
      color="success"
      iconType="check"
      title={`Created API key “${created.name}”`}
      onDismiss={props.onDismiss}
      data-test-subj="createdKey"
    >
      <EuiText size="s">
        <p>
          <strong>Copy this key now. You will not be able to see it again.</strong>
        </p>
      </EuiText>
      <EuiSpacer size="s" />
      {formats.map((format) => (
        <Fragment key={format.id}>
          <EuiText size="xs">
            <h3>{format.label}</h3>
          </EuiText>
          <CopyableCode
            value={format.value}
            label={format.label}
            testSubj={`createdKey-${format.id}`}
          />
          <EuiSpacer size="s" />
        </Fragment>
      ))}
    </EuiCallOut>
  );
}

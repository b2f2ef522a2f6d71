import { EuiFormRow, EuiTextArea } from '@elastic/eui';
import { MAX_JSON_EDITOR_LENGTH } from './json-object';

/** A monospace JSON editor row that shows why its text is not acceptable. */
export function JsonField(props: {
  label: string;
  helpText?: string;
  value: string;
  error: string | undefined;
  onChange: (value: string) => void;
  testSubj: string;
}) {
  return (
    <EuiFormRow
      label={props.label}
      helpText={props.helpText}
      isInvalid={props.error !== undefined}
      error={props.error}
      fullWidth={true}
    >
      <EuiTextArea
        value={props.value}
        onChange={(event) => props.onChange(event.target.value)}
        isInvalid={props.error !== undefined}
        maxLength={MAX_JSON_EDITOR_LENGTH}
        rows={10}
        fullWidth={true}
        spellCheck={false}
        style={{ fontFamily: 'monospace', fontSize: 13 }}
        data-test-subj={props.testSubj}
      />
    </EuiFormRow>
  );
}

import { EuiButtonIcon, EuiCopy, EuiFlexGroup, EuiFlexItem, EuiPanel } from '@elastic/eui';

/**
 * Monospace text with a copy button. EuiCodeBlock would do, but it brings every refractor grammar
 * (the largest part of the bundle) for highlighting nobody needs here.
 */
export function CopyableCode(props: { value: string; label: string; testSubj: string }) {
  return (
    <EuiPanel color="subdued" paddingSize="s" hasShadow={false} data-test-subj={props.testSubj}>
      <EuiFlexGroup gutterSize="s" alignItems="flexStart" responsive={false}>
        <EuiFlexItem>
          <pre style={{ margin: 0, whiteSpace: 'pre-wrap', wordBreak: 'break-all', fontSize: 13 }}>
            <code>{props.value}</code>
          </pre>
        </EuiFlexItem>
        <EuiFlexItem grow={false}>
          <EuiCopy textToCopy={props.value}>
            {(copy) => (
              <EuiButtonIcon iconType="copy" aria-label={`Copy ${props.label}`} onClick={copy} />
            )}
          </EuiCopy>
        </EuiFlexItem>
      </EuiFlexGroup>
    </EuiPanel>
  );
}

/** Read-only JSON, pretty-printed. */
export function JsonView(props: { value: unknown; testSubj: string }) {
  return (
    <EuiPanel color="subdued" paddingSize="s" hasShadow={false} data-test-subj={props.testSubj}>
      <pre style={{ margin: 0, whiteSpace: 'pre-wrap', fontSize: 13 }}>
        <code>{JSON.stringify(props.value ?? {}, null, 2)}</code>
      </pre>
    </EuiPanel>
  );
}

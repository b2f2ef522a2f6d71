/**
 * Reads a SecureString parameter, decrypted. Resolves undefined when it does not exist. The SDK
 * module is loaded on first use, off the cold-start path of requests that never need it.
 */
export async function readSecureParameter(
  region: string,
  name: string,
): Promise<string | undefined> {
  const { GetParameterCommand, SSMClient } = await import('@aws-sdk/client-ssm');
  const client = new SSMClient({ region });
  try {
    const { Parameter } = await client.send(
      new GetParameterCommand({ Name: name, WithDecryption: true }),
    );
    return Parameter?.Value;
  } catch (error) {
    if (error instanceof Error && error.name === 'ParameterNotFound') {
      return undefined;
    }
    throw error;
  } finally {
    client.destroy();
  }
}

import { GetParameterCommand, SSMClient } from '@aws-sdk/client-ssm';

/** Reads a SecureString parameter, decrypted. Resolves undefined when it does not exist. */
export async function readSecureParameter(
  region: string,
  name: string,
): Promise<string | undefined> {
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

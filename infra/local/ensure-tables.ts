import { readFile } from 'node:fs/promises';
import {
  type AttributeDefinition,
  CreateTableCommand,
  type CreateTableCommandInput,
  DescribeTableCommand,
  DescribeTimeToLiveCommand,
  type DynamoDBClient,
  type GlobalSecondaryIndex,
  type KeySchemaElement,
  type LocalSecondaryIndex,
  type Projection,
  ResourceInUseException,
  ResourceNotFoundException,
  type StreamSpecification,
  type TableDescription,
  UpdateTableCommand,
  UpdateTimeToLiveCommand,
} from '@aws-sdk/client-dynamodb';
import { parse } from 'yaml';

export interface TableNames {
  apiKeys: string;
  users: string;
  roles: string;
  /** The cluster table (cluster_uuid); its definition is skipped when no name is given. */
  cluster?: string;
}

/** The names serverless.yml gives the tables (`${self:service}-${sls:stage}-…`, service es-api-keys). */
export function localTableNames(stage = 'local'): TableNames {
  return {
    apiKeys: `es-api-keys-${stage}-api-keys`,
    users: `es-api-keys-${stage}-users`,
    roles: `es-api-keys-${stage}-roles`,
    cluster: `es-api-keys-${stage}-cluster`,
  };
}

export interface TableDefinition {
  /** The CloudFormation logical id, e.g. ApiKeysTable. */
  logicalId: string;
  create: CreateTableCommandInput;
  timeToLive: { attributeName: string; enabled: boolean } | undefined;
}

const TABLES_YML = new URL('../tables.yml', import.meta.url);

/** Properties DynamoDB Local has no use for; they only matter on AWS. */
const IGNORED_PROPERTIES = new Set([
  'PointInTimeRecoverySpecification',
  'SSESpecification',
  'DeletionProtectionEnabled',
  'ProvisionedThroughput',
  'OnDemandThroughput',
  'WarmThroughput',
  'ContributorInsightsSpecification',
  'TableClass',
  'Tags',
  'KinesisStreamSpecification',
  'ResourcePolicy',
]);

const TABLE_NAME_VARIABLE = /^\$\{self:custom\.tables\.(apiKeys|users|roles|cluster)\}$/;

/**
 * Creates every `AWS::DynamoDB::Table` of infra/tables.yml that does not exist yet, adds to an
 * existing table (users' `.data/` survives restarts) the global secondary indexes it lacks, one
 * per update as DynamoDB requires, waits until it is ACTIVE, then enables its
 * TimeToLiveSpecification, which CreateTable cannot carry and `serverless-dynamodb migrate` skips.
 */
export async function ensureTables(client: DynamoDBClient, tableNames: TableNames): Promise<void> {
  const definitions = await readTableDefinitions(tableNames);
  await Promise.all(definitions.map((definition) => ensureTable(client, definition)));
}

/** Maps the Properties of each table in infra/tables.yml onto CreateTable and UpdateTimeToLive input. */
export async function readTableDefinitions(tableNames: TableNames): Promise<TableDefinition[]> {
  const document: unknown = parse(await readFile(TABLES_YML, 'utf8'));
  const resources = record(record(document, 'tables.yml')['Resources'], 'Resources');
  const definitions: TableDefinition[] = [];
  for (const [logicalId, value] of Object.entries(resources)) {
    const resource = record(value, logicalId);
    const properties = resource['Properties'];
    const named =
      typeof properties !== 'object' ||
      properties === null ||
      tableName(record(properties, logicalId)['TableName'], logicalId, tableNames) !== undefined;
    if (resource['Type'] === 'AWS::DynamoDB::Table' && named) {
      definitions.push(
        toDefinition(
          logicalId,
          record(resource['Properties'], `${logicalId}.Properties`),
          tableNames,
        ),
      );
    }
  }
  return definitions;
}

function toDefinition(
  logicalId: string,
  properties: Record<string, unknown>,
  tableNames: TableNames,
): TableDefinition {
  const at = (name: string): string => `${logicalId}.Properties.${name}`;
  const create: CreateTableCommandInput = {
    TableName: tableName(properties['TableName'], at('TableName'), tableNames) ?? logicalId,
    BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: conditionalList(
      properties['AttributeDefinitions'],
      at('AttributeDefinitions'),
    ).map((item, index) => attributeDefinition(item, `${at('AttributeDefinitions')}[${index}]`)),
    KeySchema: keySchema(properties['KeySchema'], at('KeySchema')),
  };
  let timeToLive: TableDefinition['timeToLive'];
  for (const [name, value] of Object.entries(properties)) {
    switch (name) {
      case 'TableName':
      case 'BillingMode':
      case 'AttributeDefinitions':
      case 'KeySchema':
        break;
      case 'GlobalSecondaryIndexes':
        create.GlobalSecondaryIndexes = conditionalList(value, at(name)).map((item, index) =>
          globalSecondaryIndex(item, `${at(name)}[${index}]`),
        );
        break;
      case 'LocalSecondaryIndexes':
        create.LocalSecondaryIndexes = list(value, at(name)).map((item, index) =>
          localSecondaryIndex(item, `${at(name)}[${index}]`),
        );
        break;
      case 'StreamSpecification':
        create.StreamSpecification = streamSpecification(value, at(name));
        break;
      case 'TimeToLiveSpecification': {
        const spec = record(value, at(name));
        timeToLive = {
          attributeName: text(spec['AttributeName'], `${at(name)}.AttributeName`),
          enabled: spec['Enabled'] === true || spec['Enabled'] === 'true',
        };
        break;
      }
      default:
        if (!IGNORED_PROPERTIES.has(name)) {
          // Failing beats a local table that silently differs from the deployed one.
          throw new Error(
            `infra/tables.yml: ${at(name)} is not mapped for DynamoDB Local; teach infra/local/ensure-tables.ts about it`,
          );
        }
    }
  }
  return { logicalId, create, timeToLive };
}

async function ensureTable(client: DynamoDBClient, definition: TableDefinition): Promise<void> {
  const tableName = definition.create.TableName ?? definition.logicalId;
  const existing = await describeTable(client, tableName);
  if (existing === undefined) {
    try {
      await client.send(new CreateTableCommand(definition.create));
    } catch (error) {
      // Someone else created it in the meantime: that is the state we want.
      if (!(error instanceof ResourceInUseException)) {
        throw error;
      }
    }
  } else {
    await waitUntilActive(client, tableName);
    await addMissingIndexes(client, definition, existing);
  }
  await waitUntilActive(client, tableName);

  const ttl = definition.timeToLive;
  if (ttl?.enabled) {
    const current = await client.send(new DescribeTimeToLiveCommand({ TableName: tableName }));
    const status = current.TimeToLiveDescription?.TimeToLiveStatus;
    if (status !== 'ENABLED' && status !== 'ENABLING') {
      await client.send(
        new UpdateTimeToLiveCommand({
          TableName: tableName,
          TimeToLiveSpecification: { AttributeName: ttl.attributeName, Enabled: true },
        }),
      );
    }
  }
}

async function describeTable(
  client: DynamoDBClient,
  tableName: string,
): Promise<TableDescription | undefined> {
  try {
    const output = await client.send(new DescribeTableCommand({ TableName: tableName }));
    return output.Table;
  } catch (error) {
    if (error instanceof ResourceNotFoundException) {
      return undefined;
    }
    throw error;
  }
}

async function waitUntilActive(
  client: DynamoDBClient,
  tableName: string,
  timeoutMillis = 30_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMillis;
  for (;;) {
    const table = await describeTable(client, tableName);
    const indexesActive = (table?.GlobalSecondaryIndexes ?? []).every(
      (index) => index.IndexStatus === undefined || index.IndexStatus === 'ACTIVE',
    );
    if (table?.TableStatus === 'ACTIVE' && indexesActive) {
      return;
    }
    if (Date.now() > deadline) {
      throw new Error(
        `table ${tableName} is not ACTIVE after ${timeoutMillis} ms (status ${table?.TableStatus ?? 'missing'})`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/**
 * A table kept on disk (npm start) may predate indexes added to tables.yml since: each missing one
 * is created, one UpdateTable at a time (DynamoDB's rule), and built from the items already there.
 */
async function addMissingIndexes(
  client: DynamoDBClient,
  definition: TableDefinition,
  existing: TableDescription,
): Promise<void> {
  const tableName = definition.create.TableName ?? definition.logicalId;
  const present = new Set((existing.GlobalSecondaryIndexes ?? []).map((index) => index.IndexName));
  const missing = (definition.create.GlobalSecondaryIndexes ?? []).filter(
    (index) => !present.has(index.IndexName),
  );
  for (const index of missing) {
    const used = new Set((index.KeySchema ?? []).map((element) => element.AttributeName));
    try {
      await client.send(
        new UpdateTableCommand({
          TableName: tableName,
          AttributeDefinitions: (definition.create.AttributeDefinitions ?? []).filter((attribute) =>
            used.has(attribute.AttributeName),
          ),
          GlobalSecondaryIndexUpdates: [{ Create: index }],
        }),
      );
    } catch (error) {
      // Another process added it in the meantime: that is the state we want.
      const added =
        error instanceof ResourceInUseException ||
        (error instanceof Error && /already exists/i.test(error.message));
      if (!added) {
        throw error;
      }
    }
    // Building an index reads every existing key: minutes on a large local table or a busy machine.
    await waitUntilActive(client, tableName, INDEX_BUILD_TIMEOUT_MILLIS);
  }
}

const INDEX_BUILD_TIMEOUT_MILLIS = 300_000;

/** The table's name; undefined for an optional table the caller gave no name for. */
function tableName(value: unknown, at: string, tableNames: TableNames): string | undefined {
  const raw = text(value, at);
  const match = TABLE_NAME_VARIABLE.exec(raw);
  const key = match?.[1];
  if (key === 'apiKeys' || key === 'users' || key === 'roles' || key === 'cluster') {
    return tableNames[key];
  }
  if (raw.includes('${')) {
    throw new Error(
      `${at}: only \${self:custom.tables.apiKeys|users|roles|cluster} can be substituted, got ${raw}`,
    );
  }
  return raw;
}

function attributeDefinition(value: unknown, at: string): AttributeDefinition {
  const item = record(value, at);
  return {
    AttributeName: text(item['AttributeName'], `${at}.AttributeName`),
    AttributeType: oneOf(item['AttributeType'], ['S', 'N', 'B'], `${at}.AttributeType`),
  };
}

function keySchema(value: unknown, at: string): KeySchemaElement[] {
  return list(value, at).map((element, index) => {
    const item = record(element, `${at}[${index}]`);
    return {
      AttributeName: text(item['AttributeName'], `${at}[${index}].AttributeName`),
      KeyType: oneOf(item['KeyType'], ['HASH', 'RANGE'], `${at}[${index}].KeyType`),
    };
  });
}

function projection(value: unknown, at: string): Projection {
  const item = record(value, at);
  const result: Projection = {
    ProjectionType: oneOf(
      item['ProjectionType'],
      ['ALL', 'KEYS_ONLY', 'INCLUDE'],
      `${at}.ProjectionType`,
    ),
  };
  if (item['NonKeyAttributes'] !== undefined) {
    result.NonKeyAttributes = list(item['NonKeyAttributes'], `${at}.NonKeyAttributes`).map(
      (name, index) => text(name, `${at}.NonKeyAttributes[${index}]`),
    );
  }
  return result;
}

function globalSecondaryIndex(value: unknown, at: string): GlobalSecondaryIndex {
  const item = record(value, at);
  return {
    IndexName: text(item['IndexName'], `${at}.IndexName`),
    KeySchema: keySchema(item['KeySchema'], `${at}.KeySchema`),
    Projection: projection(item['Projection'], `${at}.Projection`),
  };
}

function localSecondaryIndex(value: unknown, at: string): LocalSecondaryIndex {
  const item = record(value, at);
  return {
    IndexName: text(item['IndexName'], `${at}.IndexName`),
    KeySchema: keySchema(item['KeySchema'], `${at}.KeySchema`),
    Projection: projection(item['Projection'], `${at}.Projection`),
  };
}

function streamSpecification(value: unknown, at: string): StreamSpecification {
  const item = record(value, at);
  return {
    StreamEnabled: true,
    StreamViewType: oneOf(
      item['StreamViewType'],
      ['NEW_IMAGE', 'OLD_IMAGE', 'NEW_AND_OLD_IMAGES', 'KEYS_ONLY'],
      `${at}.StreamViewType`,
    ),
  };
}

function record(value: unknown, at: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new Error(`infra/tables.yml: ${at} must be a mapping`);
  }
  return Object.fromEntries(Object.entries(value));
}

/**
 * A list whose elements may be CloudFormation `Fn::If` choices (tables.yml stages indexes on AWS):
 * locally the table is always built whole, so each choice takes its first branch.
 */
function conditionalList(value: unknown, at: string): unknown[] {
  return list(value, at).map((element, index) => {
    const choice =
      typeof element === 'object' && element !== null && !Array.isArray(element)
        ? (element as Record<string, unknown>)['Fn::If']
        : undefined;
    if (choice === undefined) {
      return element;
    }
    const branches = list(choice, `${at}[${index}].Fn::If`);
    if (branches.length !== 3) {
      throw new Error(`infra/tables.yml: ${at}[${index}].Fn::If must have 3 elements`);
    }
    return branches[1];
  });
}

function list(value: unknown, at: string): unknown[] {
  if (!Array.isArray(value)) {
    throw new Error(`infra/tables.yml: ${at} must be a list`);
  }
  return value;
}

function text(value: unknown, at: string): string {
  if (typeof value !== 'string' || value === '') {
    throw new Error(`infra/tables.yml: ${at} must be a non-empty string`);
  }
  return value;
}

function oneOf<const T extends string>(value: unknown, allowed: readonly T[], at: string): T {
  const found = allowed.find((candidate) => candidate === value);
  if (found === undefined) {
    throw new Error(`infra/tables.yml: ${at} must be one of ${allowed.join(', ')}`);
  }
  return found;
}

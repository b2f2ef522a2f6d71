/** The cluster action `GET /` requires in Elasticsearch (granted by `monitor`, `manage`, `all`). */
export const MAIN_ACTION = 'cluster:monitor/main';

export interface ClusterIdentity {
  nodeName: string;
  clusterName: string;
  clusterUuid: string;
  /** The Elasticsearch release the API is compatible with, e.g. 9.1.0. */
  esVersion: string;
}

interface ReleaseLine {
  luceneVersion: string;
  minimumWireCompatibilityVersion: string;
  minimumIndexCompatibilityVersion: string;
  buildDate: string;
}

/**
 * What a release of each supported major reports besides its number. Clients read only
 * `version.number`; the rest is shaped like the real thing so typed clients parse it.
 */
const RELEASE_LINES: Record<string, ReleaseLine> = {
  '8': {
    luceneVersion: '9.12.0',
    minimumWireCompatibilityVersion: '7.17.0',
    minimumIndexCompatibilityVersion: '7.0.0',
    buildDate: '2025-01-01T00:00:00.000000000Z',
  },
  '9': {
    luceneVersion: '10.2.2',
    minimumWireCompatibilityVersion: '8.19.0',
    minimumIndexCompatibilityVersion: '8.0.0',
    buildDate: '2025-07-01T00:00:00.000000000Z',
  },
};

/** `GET /` as Elasticsearch 8 and 9 answer it (RestMainAction). */
export function clusterInfo(identity: ClusterIdentity): Record<string, unknown> {
  const major = identity.esVersion.split('.')[0] ?? '';
  const line = RELEASE_LINES[major] ?? RELEASE_LINES['9'];
  return {
    name: identity.nodeName,
    cluster_name: identity.clusterName,
    cluster_uuid: identity.clusterUuid,
    version: {
      number: identity.esVersion,
      build_flavor: 'default',
      build_type: 'unknown',
      build_hash: 'unknown',
      build_date: line?.buildDate,
      build_snapshot: false,
      lucene_version: line?.luceneVersion,
      minimum_wire_compatibility_version: line?.minimumWireCompatibilityVersion,
      minimum_index_compatibility_version: line?.minimumIndexCompatibilityVersion,
    },
    tagline: 'You Know, for Search',
  };
}

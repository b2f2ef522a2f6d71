import {
  type Criteria,
  EuiBadge,
  EuiBasicTable,
  type EuiBasicTableColumn,
  EuiButton,
  EuiCallOut,
  EuiEmptyPrompt,
  EuiFieldSearch,
  EuiFilterButton,
  EuiFilterGroup,
  EuiFlexGroup,
  EuiFlexItem,
  EuiLink,
  EuiPageTemplate,
  EuiSelect,
  EuiSpacer,
  EuiText,
  EuiTextColor,
} from '@elastic/eui';
import { useCallback, useEffect, useMemo, useState } from 'react';
import {
  type KeyTableQuery,
  keyQueryBody,
  MAX_RESULT_WINDOW,
  MAX_SEARCH_LENGTH,
  type SortField,
  type StatusFilter,
} from './api/key-query';
import type { ApiKeyInfo, CreatedApiKey, QueryApiKeysResponse } from './api/security-api';
import { CreateFlyout } from './create-flyout';
import { CreatedKeyCallout } from './created-key-callout';
import { DetailsFlyout } from './details-flyout';
import { InvalidateModal } from './invalidate-modal';
import { exactTime, type KeyStatus, keyStatus, relativeTime } from './key-status';
import { RotateModal } from './rotate-modal';
import { ownsKey, type Session } from './session';
import { errorReason } from './sign-in';

const STATUS_COLORS: Record<KeyStatus, string> = {
  active: 'success',
  expired: 'warning',
  invalidated: 'default',
  disabled: 'hollow',
};
const STATUS_LABELS: Record<KeyStatus, string> = {
  active: 'Active',
  expired: 'Expired',
  invalidated: 'Invalidated',
  disabled: 'Disabled',
};
const SORTABLE = new Set<string>(['name', 'username', 'creation', 'expiration']);

function isSortField(field: string): field is SortField {
  return SORTABLE.has(field);
}

export function KeysPage({ session }: { session: Session }) {
  const { rights } = session;
  const me = useMemo(
    () => ({
      username: session.user.username,
      realm: session.user.authentication_realm.name,
    }),
    [session],
  );
  const [query, setQuery] = useState<KeyTableQuery>({
    search: '',
    mineOnly: false,
    status: 'all',
    owner: undefined,
    sortField: 'creation',
    sortDirection: 'desc',
    pageIndex: 0,
    pageSize: 25,
  });
  const [searchText, setSearchText] = useState('');
  const [result, setResult] = useState<QueryApiKeysResponse | undefined>(undefined);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | undefined>(undefined);
  const [refreshes, setRefreshes] = useState(0);
  const [selected, setSelected] = useState<ApiKeyInfo[]>([]);
  const [toInvalidate, setToInvalidate] = useState<ApiKeyInfo[]>([]);
  const [toRotate, setToRotate] = useState<ApiKeyInfo | undefined>(undefined);
  const [creating, setCreating] = useState(false);
  const [created, setCreated] = useState<CreatedApiKey | undefined>(undefined);
  const [details, setDetails] = useState<ApiKeyInfo | undefined>(undefined);
  const [notice, setNotice] = useState<string | undefined>(undefined);
  const [now, setNow] = useState(() => Date.now());

  const refresh = useCallback(() => setRefreshes((count) => count + 1), []);

  useEffect(() => {
    // `refreshes` re-runs the query after a change made on this page.
    void refreshes;
    let current = true;
    setLoading(true);
    session.api.queryApiKeys(keyQueryBody(query, me)).then(
      (response) => {
        if (current) {
          setResult(response);
          setError(undefined);
          setSelected([]);
          setNow(Date.now());
          setLoading(false);
        }
      },
      (caught: unknown) => {
        if (current) {
          setError(errorReason(caught));
          setLoading(false);
        }
      },
    );
    return () => {
      current = false;
    };
  }, [session, query, me, refreshes]);

  const update = (change: Partial<KeyTableQuery>) =>
    setQuery((previous) => ({ ...previous, pageIndex: 0, ...change }));

  const canInvalidate = (key: ApiKeyInfo) =>
    !key.invalidated && (rights.manageAll || (rights.manageOwn && ownsKey(session, key)));

  // The extensions: rotation follows update's rules (the owner user, an active key); disable and
  // enable follow invalidate's.
  const canRotate = (key: ApiKeyInfo) =>
    rights.manageOwn &&
    session.user.authentication_type !== 'api_key' &&
    ownsKey(session, key) &&
    keyStatus(key, now) === 'active';
  const canSwitch = (key: ApiKeyInfo, disabled: boolean) =>
    canInvalidate(key) && (key.disabled === true) !== disabled;

  const switchKey = (key: ApiKeyInfo, disabled: boolean) => {
    session.api.setApiKeyDisabled(key.id, disabled).then(
      (response) => {
        const warnings = (response.error_details ?? []).map((detail) => detail.reason);
        setNotice(
          [`${disabled ? 'Disabled' : 'Enabled'} API key ${key.name ?? key.id}`, ...warnings].join(
            '; ',
          ),
        );
        refresh();
      },
      (caught: unknown) => setError(errorReason(caught)),
    );
  };

  const columns: EuiBasicTableColumn<ApiKeyInfo>[] = [
    {
      field: 'name',
      name: 'Name',
      sortable: true,
      render: (_name: string | null, key: ApiKeyInfo) => (
        <EuiLink onClick={() => setDetails(key)} data-test-subj="keyName">
          {key.name === null || key.name === '' ? '(no name)' : key.name}
        </EuiLink>
      ),
    },
    {
      field: 'username',
      name: 'Owner',
      sortable: true,
      render: (_username: string, key: ApiKeyInfo) => (
        <EuiText size="s">
          <span data-test-subj="keyOwner">{key.username}</span>
          <EuiTextColor color="subdued"> / {key.realm}</EuiTextColor>
        </EuiText>
      ),
    },
    {
      field: 'creation',
      name: 'Created',
      sortable: true,
      render: (creation: number) => (
        <div>
          {relativeTime(creation, now)}
          <EuiText size="xs" color="subdued">
            {exactTime(creation)}
          </EuiText>
        </div>
      ),
    },
    {
      field: 'expiration',
      name: 'Expires',
      sortable: true,
      render: (expiration: number | undefined) =>
        expiration === undefined ? (
          <span>Never</span>
        ) : (
          <div>
            {relativeTime(expiration, now)}
            <EuiText size="xs" color="subdued">
              {exactTime(expiration)}
            </EuiText>
          </div>
        ),
    },
    {
      name: 'Status',
      render: (key: ApiKeyInfo) => {
        const status = keyStatus(key, now);
        return (
          <EuiBadge color={STATUS_COLORS[status]} data-test-subj={`keyStatus-${status}`}>
            {STATUS_LABELS[status]}
          </EuiBadge>
        );
      },
    },
    {
      name: 'Actions',
      actions: [
        {
          name: 'Invalidate',
          description: 'Invalidate this API key',
          icon: 'trash',
          type: 'icon',
          color: 'danger',
          available: canInvalidate,
          onClick: (key: ApiKeyInfo) => setToInvalidate([key]),
          // Shown in the row even when the actions collapse into a menu (more than two apply).
          isPrimary: true,
          'data-test-subj': 'invalidateKey',
        },
        {
          name: 'Rotate',
          description: 'Replace this API key with a new one',
          icon: 'refresh',
          type: 'icon',
          available: canRotate,
          onClick: (key: ApiKeyInfo) => setToRotate(key),
          isPrimary: true,
          'data-test-subj': 'rotateKey',
        },
        {
          name: 'Disable',
          description: 'Switch this API key off until it is enabled again',
          icon: 'pause',
          type: 'icon',
          available: (key: ApiKeyInfo) => canSwitch(key, true),
          onClick: (key: ApiKeyInfo) => switchKey(key, true),
          'data-test-subj': 'disableKey',
        },
        {
          name: 'Enable',
          description: 'Switch this API key back on',
          icon: 'play',
          type: 'icon',
          available: (key: ApiKeyInfo) => canSwitch(key, false),
          onClick: (key: ApiKeyInfo) => switchKey(key, false),
          'data-test-subj': 'enableKey',
        },
      ],
    },
  ];

  const counts = result?.aggregations;
  const owners = counts?.usernames?.buckets ?? [];
  const statusFilter = (status: StatusFilter, label: string, count: number | undefined) => (
    <EuiFilterButton
      hasActiveFilters={query.status === status}
      isSelected={query.status === status}
      isToggle={true}
      onClick={() => update({ status: query.status === status ? 'all' : status })}
      {...(count === undefined ? {} : { numFilters: count })}
      data-test-subj={`statusFilter-${status}`}
    >
      {label}
    </EuiFilterButton>
  );

  const total = result?.total ?? 0;
  return (
    <>
      <EuiPageTemplate.Header
        pageTitle="API keys"
        description="Allow external services to call the API on behalf of a user."
        rightSideItems={
          rights.manageOwn
            ? [
                <EuiButton
                  key="create"
                  fill={true}
                  iconType="plusCircle"
                  onClick={() => {
                    setCreated(undefined);
                    setCreating(true);
                  }}
                  data-test-subj="createApiKeyButton"
                >
                  Create API key
                </EuiButton>,
              ]
            : []
        }
      />
      <EuiPageTemplate.Section>
        {!rights.manageOwn && !rights.viewAll ? (
          <EuiEmptyPrompt
            iconType="lock"
            title={<h2>You need permission to manage API keys</h2>}
            body={<p>Ask your administrator for the manage_own_api_key privilege.</p>}
            data-test-subj="noPermission"
          />
        ) : (
          <>
            {created ? (
              <>
                <CreatedKeyCallout created={created} onDismiss={() => setCreated(undefined)} />
                <EuiSpacer size="m" />
              </>
            ) : null}
            {notice !== undefined ? (
              <>
                <EuiCallOut
                  color="success"
                  iconType="check"
                  title={notice}
                  onDismiss={() => setNotice(undefined)}
                  data-test-subj="notice"
                />
                <EuiSpacer size="m" />
              </>
            ) : null}
            {!rights.viewAll ? (
              <>
                <EuiCallOut
                  size="s"
                  iconType="user"
                  title="You can only see and manage the API keys you own."
                  data-test-subj="ownKeysOnly"
                />
                <EuiSpacer size="m" />
              </>
            ) : null}
            <EuiFlexGroup gutterSize="s" wrap={true} alignItems="center">
              <EuiFlexItem grow={true} style={{ minWidth: 240 }}>
                <EuiFieldSearch
                  placeholder="Search by name, owner or id"
                  aria-label="Search API keys"
                  value={searchText}
                  maxLength={MAX_SEARCH_LENGTH}
                  onChange={(event) => setSearchText(event.target.value)}
                  onSearch={(value) => update({ search: value })}
                  incremental={false}
                  isClearable={true}
                  fullWidth={true}
                  data-test-subj="searchKeys"
                />
              </EuiFlexItem>
              {rights.viewAll ? (
                <EuiFlexItem grow={false}>
                  <EuiFilterGroup>
                    <EuiFilterButton
                      hasActiveFilters={query.mineOnly}
                      isSelected={query.mineOnly}
                      isToggle={true}
                      onClick={() => update({ mineOnly: !query.mineOnly })}
                      data-test-subj="mineFilter"
                    >
                      Mine only
                    </EuiFilterButton>
                  </EuiFilterGroup>
                </EuiFlexItem>
              ) : null}
              <EuiFlexItem grow={false}>
                <EuiFilterGroup>
                  {statusFilter('active', 'Active', counts?.active?.doc_count)}
                  {statusFilter('expired', 'Expired', counts?.expired?.doc_count)}
                  {statusFilter('invalidated', 'Invalidated', counts?.invalidated?.doc_count)}
                </EuiFilterGroup>
              </EuiFlexItem>
              {rights.viewAll ? (
                <EuiFlexItem grow={false}>
                  <EuiSelect
                    aria-label="Owner"
                    prepend="Owner"
                    compressed={false}
                    value={query.owner ?? ''}
                    options={[
                      { value: '', text: 'Any owner' },
                      ...owners.map((bucket) => ({
                        value: bucket.key,
                        text: `${bucket.key} (${bucket.doc_count})`,
                      })),
                      ...(query.owner !== undefined &&
                      !owners.some((bucket) => bucket.key === query.owner)
                        ? [{ value: query.owner, text: query.owner }]
                        : []),
                    ]}
                    onChange={(event) =>
                      update({ owner: event.target.value === '' ? undefined : event.target.value })
                    }
                    data-test-subj="ownerFilter"
                  />
                </EuiFlexItem>
              ) : null}
              {selected.length > 0 ? (
                <EuiFlexItem grow={false}>
                  <EuiButton
                    color="danger"
                    iconType="trash"
                    onClick={() => setToInvalidate(selected)}
                    data-test-subj="bulkInvalidate"
                  >
                    Invalidate {selected.length} {selected.length === 1 ? 'key' : 'keys'}
                  </EuiButton>
                </EuiFlexItem>
              ) : null}
            </EuiFlexGroup>
            <EuiSpacer size="m" />
            {error !== undefined ? (
              <>
                <EuiCallOut
                  color="danger"
                  iconType="error"
                  title="Could not load API keys"
                  role="alert"
                  data-test-subj="queryError"
                >
                  <p>{error}</p>
                </EuiCallOut>
                <EuiSpacer size="m" />
              </>
            ) : null}
            <EuiBasicTable<ApiKeyInfo>
              tableCaption="API keys"
              items={result?.api_keys ?? []}
              itemId="id"
              columns={columns}
              loading={loading}
              noItemsMessage={loading ? 'Loading API keys…' : 'No API keys found'}
              rowProps={(key) => ({ 'data-test-subj': `keyRow-${key.id}` })}
              pagination={{
                pageIndex: query.pageIndex,
                pageSize: query.pageSize,
                totalItemCount: Math.min(total, MAX_RESULT_WINDOW),
                pageSizeOptions: [10, 25, 50, 100],
              }}
              sorting={{ sort: { field: query.sortField, direction: query.sortDirection } }}
              {...(rights.manageOwn
                ? {
                    selection: {
                      selectable: canInvalidate,
                      selectableMessage: (selectable: boolean) =>
                        selectable ? 'Select this key' : 'This key cannot be invalidated',
                      selected,
                      onSelectionChange: setSelected,
                    },
                  }
                : {})}
              onChange={({ page, sort }: Criteria<ApiKeyInfo>) => {
                setQuery((previous) => {
                  const field = sort?.field === undefined ? undefined : String(sort.field);
                  const sortField =
                    field !== undefined && isSortField(field) ? field : previous.sortField;
                  return {
                    ...previous,
                    pageIndex: page?.index ?? previous.pageIndex,
                    pageSize: page?.size ?? previous.pageSize,
                    sortField,
                    sortDirection: sort?.direction ?? previous.sortDirection,
                  };
                });
              }}
              data-test-subj="apiKeysTable"
            />
            <EuiSpacer size="s" />
            <EuiText
              size="xs"
              color="subdued"
              data-test-subj="keysTotal"
              data-state={loading ? 'loading' : 'ready'}
            >
              {total.toLocaleString('en')} {total === 1 ? 'key' : 'keys'}
            </EuiText>
          </>
        )}
      </EuiPageTemplate.Section>
      {creating ? (
        <CreateFlyout
          session={session}
          onClose={() => setCreating(false)}
          onCreated={(key) => {
            setCreating(false);
            setCreated(key);
            refresh();
          }}
        />
      ) : null}
      {details ? (
        <DetailsFlyout
          session={session}
          apiKey={details}
          onClose={() => setDetails(undefined)}
          onUpdated={refresh}
        />
      ) : null}
      {toRotate ? (
        <RotateModal
          session={session}
          apiKey={toRotate}
          onCancel={() => setToRotate(undefined)}
          onRotated={(successor) => {
            setToRotate(undefined);
            setCreated(successor);
            refresh();
          }}
        />
      ) : null}
      {toInvalidate.length > 0 ? (
        <InvalidateModal
          session={session}
          keys={toInvalidate}
          onCancel={() => setToInvalidate([])}
          onDone={(message) => {
            setToInvalidate([]);
            setNotice(message);
            refresh();
          }}
        />
      ) : null}
    </>
  );
}

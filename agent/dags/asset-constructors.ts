import type { Node } from 'web-tree-sitter';
import type { DagFileFacts } from '../airflow/airflow-facts.js';
import { CannotEvaluate, RaisedException } from '../python/eval/eval-errors.js';
import type { CallArgs } from '../python/eval/evaluator.js';
import type { PyValue } from '../python/eval/py-value.js';
import { pyParseQsl, pyUrlencode, urlSplit } from '../python/urllib-parse.js';
import {
  AssetAliasObject,
  type AssetConditionObject,
  AssetBooleanObject,
  AssetObject,
  isAssetCondition,
} from './asset-objects.js';

/** What a warning-capturing constructor reports (DagBag's captured warnings). */
export type WarnFn = (category: string, message: string, node: Node) => void;

function strArg(v: PyValue | undefined, what: string, node: Node): string | null {
  if (v === undefined || v.t === 'none') return null;
  if (v.t === 'str') return v.v;
  if (v.t === 'opaque') throw new CannotEvaluate(`${what} from ${v.what}`, v.node);
  throw new RaisedException('ValueError', `${what} must be a string`, node);
}

/**
 * `Asset(name=None, uri=None, *, group=…, extra=…)` (Airflow 3's SDK): the name defaults to the URI and the
 * URI to the name; the URI is sanitized as Airflow does (`_sanitize_uri`).
 */
export function constructAsset(
  { positional, kwargs }: CallArgs,
  node: Node,
  warn: WarnFn,
  userInfo: DagFileFacts['assetUriUserInfo'],
): AssetObject {
  const name0 = strArg(positional[0] ?? kwargs.get('name'), 'Asset name', node);
  const uri0 = strArg(positional[1] ?? kwargs.get('uri'), 'Asset uri', node);
  if (name0 === null && uri0 === null)
    throw new RaisedException('TypeError', "Asset() requires either 'name' or 'uri'", node);
  const name = name0 ?? uri0!;
  const uri = sanitizeAssetUri(uri0 ?? name0!, 'Asset', node, warn, userInfo);
  const group = strArg(kwargs.get('group'), 'Asset group', node) ?? 'asset';
  return new AssetObject({ className: 'Asset', name, uri, group });
}

/** `AssetAlias(name, group=…)`. */
export function constructAssetAlias({ positional, kwargs }: CallArgs, node: Node, className: string): AssetAliasObject {
  const name = strArg(positional[0] ?? kwargs.get('name'), `${className} name`, node);
  if (name === null)
    throw new RaisedException(
      'TypeError',
      `${className}.__init__() missing 1 required positional argument: 'name'`,
      node,
    );
  const group =
    strArg(positional[1] ?? kwargs.get('group'), `${className} group`, node) ??
    (className === 'AssetAlias' ? 'asset' : '');
  return new AssetAliasObject({ className, name, group });
}

/** Airflow 2's `Dataset(uri, extra=None)`: identified by its URI alone. */
export function constructDataset(
  { positional, kwargs }: CallArgs,
  node: Node,
  warn: WarnFn,
  userInfo: DagFileFacts['assetUriUserInfo'],
): AssetObject {
  const uri0 = strArg(positional[0] ?? kwargs.get('uri'), 'Dataset uri', node);
  if (uri0 === null)
    throw new RaisedException('TypeError', "Dataset.__init__() missing 1 required positional argument: 'uri'", node);
  const uri = sanitizeAssetUri(uri0, 'Dataset', node, warn, userInfo);
  return new AssetObject({ className: 'Dataset', name: uri, uri, group: '' });
}

/**
 * Airflow's `_sanitize_uri` (3.x sdk/definitions/asset, 2.x airflow/datasets): a URI-looking value gets its
 * scheme lower-cased, user info dropped (with the version's warning), query sorted, trailing slashes and
 * fragment removed; the `airflow` scheme is reserved. Provider-specific normalizers (s3, file, …) are not
 * applied.
 */
export function sanitizeAssetUri(
  uri: string,
  className: string,
  node: Node,
  warn: WarnFn,
  userInfo: DagFileFacts['assetUriUserInfo'],
): string {
  let parts: ReturnType<typeof urlSplit>;
  try {
    parts = urlSplit(uri);
  } catch (e) {
    throw new RaisedException('ValueError', (e as Error).message, node);
  }
  if (!parts.scheme && !parts.netloc) return uri;
  const scheme = parts.scheme;
  if (!scheme || scheme.startsWith('x-')) return uri;
  if (scheme === 'airflow')
    throw new RaisedException(
      'ValueError',
      `${className === 'Dataset' ? 'Dataset' : 'Asset'} scheme 'airflow' is reserved`,
      node,
    );
  let netloc = parts.netloc;
  const at = netloc.lastIndexOf('@');
  const hasPassword = at >= 0 && netloc.slice(0, at).includes(':');
  if (at >= 0 && (userInfo.when === 'user-info' || hasPassword)) {
    warn('UserWarning', userInfo.warning, node);
    netloc = netloc.slice(at + 1);
  }
  const query = parts.query
    ? pyUrlencode(pyParseQsl(parts.query).sort((a, b) => cmp(a[0], b[0]) || cmp(a[1], b[1])))
    : '';
  const path = parts.path.replace(/\/+$/, '') || '/';
  return urlUnsplit(scheme, netloc, path, query);
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Python's `urlunsplit` for a URL without fragment (`uses_netloc` schemes keep `//`). */
function urlUnsplit(scheme: string, netloc: string, path: string, query: string): string {
  let url = path;
  if (netloc || (USES_NETLOC.has(scheme) && !url.startsWith('//'))) {
    if (url && !url.startsWith('/')) url = `/${url}`;
    url = `//${netloc}${url}`;
  }
  if (scheme) url = `${scheme}:${url}`;
  if (query) url = `${url}?${query}`;
  return url;
}

/** urllib.parse.uses_netloc. */
const USES_NETLOC = new Set([
  '',
  'ftp',
  'http',
  'gopher',
  'nntp',
  'telnet',
  'imap',
  'wais',
  'file',
  'mms',
  'https',
  'shttp',
  'snews',
  'prospero',
  'rtsp',
  'rtspu',
  'rsync',
  'svn',
  'svn+ssh',
  'sftp',
  'nfs',
  'git',
  'git+ssh',
  'ws',
  'wss',
  'itms-services',
]);

/** `schedule=`/`assets=`: one condition, or a list of them (all of them). */
export function assetConditionArg(v: PyValue, word: 'Asset' | 'Dataset', node: Node): AssetConditionObject | null {
  if (v.t === 'object' && isAssetCondition(v.obj)) return v.obj;
  if (v.t === 'list' || v.t === 'tuple') {
    if (v.items.length === 0) return null;
    const of = v.items.map((i) => {
      if (i.t === 'object' && isAssetCondition(i.obj)) return i.obj;
      if (i.t === 'opaque') throw new CannotEvaluate(`schedule from ${i.what}`, i.node);
      throw new RaisedException('TypeError', 'expect asset expressions in condition', node);
    });
    return new AssetBooleanObject('all', of, word);
  }
  return null;
}

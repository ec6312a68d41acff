/**
 * The public URL of a stored object under `baseUrl`. The stored key (with `rootPath`) is appended, except
 * that a `baseUrl` already ending with `rootPath` does not get it twice; the bucket is never appended
 * (a CDN or custom domain already points at it).
 */
export function publicUrl(baseUrl: string, rootPath: string | undefined, key: string): string {
  const base = new URL(baseUrl);
  const basePath = base.pathname.replace(/\/+$/, '');
  const root = rootPath?.replace(/\/+$/, '');
  const rootEncoded = root === undefined ? undefined : encodePath(root);
  const withRoot = root === undefined || basePath.endsWith(`/${rootEncoded}`) || basePath.endsWith(`/${root}`) ? key : `${root}/${key}`;
  base.pathname = `${basePath}/${encodePath(withRoot)}`;
  return base.toString();
}

// Each segment percent-encoded, slashes kept: `a b/c#d` becomes `a%20b/c%23d`.
function encodePath(path: string): string {
  return path.split('/').map((segment) => encodeURIComponent(segment)).join('/');
}

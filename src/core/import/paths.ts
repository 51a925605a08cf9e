// Path rules shared by importers and exporters: names may never escape the folder they belong to.

/**
 * Resolve `name` against the folder `base` (both relative, forward slashes).
 * Returns the normalized path, or an error reason when the name is absolute, escapes the folder or is malformed.
 */
export function resolveInside(base: string, name: string): { path: string } | { error: string } {
  if (name.includes('\0')) return { error: `file name contains a NUL byte` };
  const unified = name.replace(/\\/g, '/');
  if (unified.startsWith('/') || /^[a-zA-Z]:/.test(unified)) {
    return { error: `"${name}" is an absolute path — use a path relative to the captions file` };
  }
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(unified)) {
    return { error: `"${name}" is a URL — download the image and refer to it by a relative path` };
  }
  const parts = base ? base.split('/').filter(Boolean) : [];
  const depth = parts.length;
  for (const seg of unified.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') {
      if (parts.length <= depth) return { error: `"${name}" points outside the import folder` };
      parts.pop();
    } else parts.push(seg);
  }
  if (parts.length === depth) return { error: `"${name}" is not a file name` };
  return { path: parts.join('/') };
}

export function dirname(path: string): string {
  const i = path.lastIndexOf('/');
  return i < 0 ? '' : path.slice(0, i);
}

export function basename(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

/** Path without its last extension: "a/b.c.jpg" -> "a/b.c". */
export function stripExtension(path: string): string {
  const base = basename(path);
  const dot = base.lastIndexOf('.');
  return dot <= 0 ? path : path.slice(0, path.length - (base.length - dot));
}

export function extension(path: string): string {
  const base = basename(path);
  const dot = base.lastIndexOf('.');
  return dot <= 0 ? '' : base.slice(dot + 1).toLowerCase();
}

/** A name that is safe to write inside an archive or folder: no separators, no control characters, no dots-only. */
export function sanitizeFileName(name: string): string {
  const cleaned = name
    // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are exactly what must not reach a file name
    .replace(/[\u0000-\u001f\u007f/\\:*?"<>|]/g, '_')
    .replace(/^\.+/, '_')
    .slice(0, 180);
  return cleaned || '_';
}

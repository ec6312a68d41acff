import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isStowageError } from './errors.js';
import { MAX_KEY_BYTES, normalizeKey, normalizePrefix, stripPrefix } from './keys.js';

function rejection(run: () => unknown): { code: string; message: string } | undefined {
  try {
    run();
    return undefined;
  } catch (error) {
    if (!isStowageError(error)) throw error;
    return { code: error.code, message: error.message };
  }
}

describe('normalizeKey', () => {
  describe('rule 1: a non-empty string of at most 1024 UTF-8 bytes', () => {
    it.each<[string, unknown]>([
      ['an empty string', ''],
      ['undefined', undefined],
      ['null', null],
      ['a number', 42],
      ['an object', { key: 'a' }],
      ['a String object', new String('a')],
    ])('refuses %s', (_label, key) => {
      expect(rejection(() => normalizeKey(key))?.code).toBe('INVALID_KEY');
    });

    it('names the type it got', () => {
      expect(rejection(() => normalizeKey(null))?.message).toMatch(/key.*string.*null/);
      expect(rejection(() => normalizeKey(42))?.message).toMatch(/key.*string.*number/);
    });

    it('accepts exactly 1024 bytes and refuses 1025', () => {
      expect(normalizeKey('a'.repeat(MAX_KEY_BYTES))).toHaveLength(1024);
      expect(rejection(() => normalizeKey('a'.repeat(MAX_KEY_BYTES + 1)))).toEqual({
        code: 'INVALID_KEY',
        message: expect.stringMatching(/1024 UTF-8 bytes/),
      });
    });

    it('counts bytes, not characters', () => {
      const euro = '€'; // 3 bytes in UTF-8
      expect(normalizeKey(euro.repeat(341) + 'a')).toHaveLength(342); // 1024 bytes
      expect(rejection(() => normalizeKey(euro.repeat(342)))?.code).toBe('INVALID_KEY'); // 1026 bytes
      const emoji = '😀'; // 4 bytes, 2 UTF-16 units
      expect(normalizeKey(emoji.repeat(256))).toBe(emoji.repeat(256));
      expect(rejection(() => normalizeKey(emoji.repeat(256) + 'a'))?.code).toBe('INVALID_KEY');
    });

    it('counts the prefix in the limit', () => {
      const key = 'k'.repeat(1000);
      expect(normalizeKey(key, { prefix: 'p'.repeat(23) })).toHaveLength(1024);
      const error = rejection(() => normalizeKey(key, { prefix: 'p'.repeat(24) }));
      expect(error?.code).toBe('INVALID_KEY');
      expect(error?.message).toMatch(/with its prefix/);
    });

    it('measures the length after NFC, so an NFD key that composes under the limit passes', () => {
      const nfd = 'e\u0301'.repeat(400); // 1200 bytes as given, 800 once composed
      expect(normalizeKey(nfd)).toBe('\u00e9'.repeat(400));
    });
  });

  describe('rule 2: NFC', () => {
    it.each([
      ['e\u0301', '\u00e9'],
      ['cafe\u0301/menu', 'caf\u00e9/menu'],
      ['A\u030a', '\u00c5'],
      ['\u1100\u1161', '\uac00'], // Hangul jamo compose to one syllable
      ['\u00e9', '\u00e9'],
    ])('%j becomes %j', (input, output) => {
      expect(normalizeKey(input)).toBe(output);
      expect(normalizeKey(input)).toBe(normalizeKey(input.normalize('NFD')));
    });

    it('keeps compatibility characters that are not look-alikes of separators (NFC, not NFKC)', () => {
      expect(normalizeKey('ﬁle')).toBe('ﬁle');
      expect(normalizeKey('x²')).toBe('x²');
      expect(normalizeKey('Ａ')).toBe('Ａ');
    });
  });

  describe('rule 3: refused keys', () => {
    it.each<[string, string, RegExp]>([
      ['NUL', 'a\u0000b', /control/],
      ['a tab', 'a\tb', /control/],
      ['a newline', 'a\nb', /control/],
      ['a carriage return', 'a\rb', /control/],
      ['ESC', 'a\u001bb', /control/],
      ['DEL', 'a\u007fb', /control/],
      ['a C1 control (NEL)', 'a\u0085b', /control/],
      ['a C1 control (U+009F)', 'a\u009fb', /control/],
      ['a lone high surrogate', 'a\ud800b', /surrogate/],
      ['a lone low surrogate', 'a\udc00b', /surrogate/],
      ['a trailing high surrogate', 'a\ud83d', /surrogate/],
      ['a backslash', 'a\\b', /backslash/],
      ['a Windows traversal', '..\\etc\\passwd', /backslash/],
      ['a leading slash', '/etc/passwd', /relative/],
      ['a lone slash', '/', /relative/],
      ['a drive letter', 'C:/Windows', /drive letter/],
      ['a lower-case drive letter', 'c:x', /drive letter/],
      ['a full-width drive letter', 'Ｃ：/Windows', /drive letter/],
      ['an empty segment', 'a//b', /empty segments/],
      ['a trailing slash', 'a/b/', /empty segments/],
      ['a "." key', '.', /"\." segments/],
      ['a ".." key', '..', /"\.\." segments/],
      ['a leading ".."', '../etc/passwd', /"\.\." segments/],
      ['an inner ".."', 'a/../../b', /"\.\." segments/],
      ['a trailing ".."', 'a/..', /"\.\." segments/],
      ['an inner "."', 'a/./b', /"\." segments/],
      ['full-width dots', '\uff0e\uff0e/etc', /look-alikes/],
      ['a full-width dot', 'a/\uff0e/b', /look-alikes/],
      ['a two-dot leader', 'a/\u2025/b', /look-alikes/],
      ['a one-dot leader pair', '\u2024\u2024/x', /look-alikes/],
      ['small full stops', '\ufe52\ufe52/x', /look-alikes/],
      ['a full-width slash', 'a\uff0fb', /look-alikes/],
      ['a full-width backslash', 'a\uff3cb', /look-alikes/],
      ['a dot and a full-width dot', '.\uff0e/x', /look-alikes/],
    ])('refuses %s', (_label, key, message) => {
      const error = rejection(() => normalizeKey(key));
      expect(error?.code).toBe('INVALID_KEY');
      expect(error?.message).toMatch(/^Invalid key: it /);
      expect(error?.message).toMatch(message);
    });

    it('checks control characters before the rest (rule order)', () => {
      expect(rejection(() => normalizeKey('/a\u0000'))?.message).toMatch(/control/);
      expect(rejection(() => normalizeKey('/a\\b'))?.message).toMatch(/backslash/);
    });
  });

  describe('rule 4: everything else is kept as is', () => {
    it.each([
      'hello.txt',
      'a b c.txt',
      'a+b.txt',
      '100%.txt',
      '%2e%2e/%2fetc',
      'a#b?c=d&e',
      'dir/sub dir/file name (1).tar.gz',
      '...',
      '.hidden',
      '..double',
      'a..b',
      'a/.git/config',
      'ünïcödé/日本語/файл.txt',
      '😀/🚀.png',
      '\u200bzero-width',
      'C',
      'ab:c',
      'ab:',
      "quote's \"double\"",
      '~/x',
      '*?<>|',
      '\u2215division-slash', // not folded by NFKC
      '\u2026', // an ellipsis folds to "..." which is not traversal
    ])('%j', (key) => {
      expect(normalizeKey(key)).toBe(key);
    });

    it('never percent-decodes', () => {
      expect(normalizeKey('%2E%2E')).toBe('%2E%2E');
      expect(normalizeKey('a%2Fb')).toBe('a%2Fb');
      expect(normalizeKey('%00')).toBe('%00');
    });
  });

  describe('rule 5: prefix', () => {
    it.each<[string, string, string]>([
      ['uploads', 'a.txt', 'uploads/a.txt'],
      ['uploads/', 'a.txt', 'uploads/a.txt'],
      ['uploads//', 'a.txt', 'uploads/a.txt'],
      ['tenant/1', 'x/y', 'tenant/1/x/y'],
      ['', 'a.txt', 'a.txt'],
      ['pre\u0301', 'a', 'pr\u00e9/a'],
    ])('prefix %j + key %j = %j', (prefix, key, expected) => {
      expect(normalizeKey(key, { prefix })).toBe(expected);
    });

    it.each<[string, unknown]>([
      ['a leading slash', '/uploads'],
      ['a ".." segment', 'a/../b'],
      ['a backslash', 'a\\b'],
      ['an empty segment', 'a//b/'],
      ['only slashes', '/'],
      ['a control character', 'a\u0000'],
      ['a number', 42],
      ['null', null],
    ])('refuses a prefix with %s', (_label, prefix) => {
      const error = rejection(() => normalizeKey('a.txt', { prefix: prefix as string }));
      expect(error?.code).toBe('INVALID_KEY');
      expect(error?.message).toMatch(/^Invalid prefix/);
    });

    it('checks the key before the prefix', () => {
      expect(rejection(() => normalizeKey('../x', { prefix: '/bad' }))?.message).toMatch(/^Invalid key/);
    });

    it('puts the key, not the full path, on the length error', () => {
      try {
        normalizeKey('k'.repeat(1020), { prefix: 'root/dir' });
        expect.unreachable();
      } catch (error) {
        expect(isStowageError(error, 'INVALID_KEY') && error.key).toBe('k'.repeat(1020));
      }
    });
  });
});

describe('normalizePrefix', () => {
  it.each<[unknown, string]>([
    [undefined, ''],
    ['', ''],
    ['a', 'a'],
    ['a/', 'a/'],
    ['photos/2024', 'photos/2024'],
    ['photos/20', 'photos/20'],
    ['photos/', 'photos/'],
    ['cafe\u0301/', 'caf\u00e9/'],
    ['a b+c%', 'a b+c%'],
  ])('%j -> %j', (prefix, expected) => {
    expect(normalizePrefix(prefix)).toBe(expected);
  });

  it.each<[unknown, string]>([
    [undefined, 'root/'],
    ['', 'root/'],
    ['a', 'root/a'],
    ['a/', 'root/a/'],
  ])('%j under the root "root/" -> %j', (prefix, expected) => {
    expect(normalizePrefix(prefix, { prefix: 'root' })).toBe(expected);
    expect(normalizePrefix(prefix, { prefix: 'root/' })).toBe(expected);
  });

  it.each<[string, unknown]>([
    ['a leading slash', '/a'],
    ['a lone slash', '/'],
    ['two trailing slashes', 'a//'],
    ['an inner empty segment', 'a//b'],
    ['a ".." segment', '../a'],
    ['a trailing ".."', 'a/..'],
    ['a "." partial segment (could name the folder itself)', '.'],
    ['a backslash', 'a\\'],
    ['a control character', 'a\n'],
    ['a full-width dot pair', '\uff0e\uff0e/'],
    ['a number', 7],
    ['null', null],
  ])('refuses %s', (_label, prefix) => {
    const error = rejection(() => normalizePrefix(prefix));
    expect(error?.code).toBe('INVALID_KEY');
    expect(error?.message).toMatch(/^Invalid prefix/);
  });

  it('refuses a bad root', () => {
    expect(rejection(() => normalizePrefix('a', { prefix: '../root' }))?.code).toBe('INVALID_KEY');
  });
});

describe('stripPrefix', () => {
  it.each<[string, string | undefined, string | undefined]>([
    ['uploads/a.txt', 'uploads', 'a.txt'],
    ['uploads/a.txt', 'uploads/', 'a.txt'],
    ['uploads/x/y', 'uploads', 'x/y'],
    ['a.txt', undefined, 'a.txt'],
    ['a.txt', '', 'a.txt'],
    ['other/a.txt', 'uploads', undefined],
    ['uploads2/a.txt', 'uploads', undefined], // a string prefix that is not a folder boundary
    ['uploads', 'uploads', undefined],
  ])('%j without %j is %j', (stored, prefix, expected) => {
    expect(stripPrefix(stored, prefix)).toBe(expected);
  });

  it('inverts normalizeKey with a prefix', () => {
    for (const key of ['a', 'a/b c/d', '日本/語']) {
      expect(stripPrefix(normalizeKey(key, { prefix: 'root/' }), 'root/')).toBe(key);
    }
  });
});

// What every accepted key must satisfy, whatever the input.
function assertSafe(key: string): void {
  // POSIX, this platform's, and Windows' path rules: a local-disk provider may run on any of them.
  for (const [paths, root] of [[path.posix, '/srv/storage/root'], [path, path.resolve('/srv/storage/root')], [path.win32, 'C:\\storage\\root']] as const) {
    const joined = paths.join(root, key);
    expect(joined.startsWith(`${root}${paths.sep}`)).toBe(true);
    expect(paths.relative(root, joined).split(paths.sep).join('/')).toBe(key);
  }
  expect(key.split('/')).not.toContain('..');
  expect(key.split('/')).not.toContain('.');
  expect(key.split('/')).not.toContain('');
  expect(key).not.toMatch(/[\u0000-\u001f\u007f-\u009f]/);
  expect(key).not.toContain('\\');
  expect(Buffer.byteLength(key)).toBeLessThanOrEqual(MAX_KEY_BYTES);
  // Round-trips through UTF-8 unchanged (no lone surrogates).
  expect(Buffer.from(key, 'utf8').toString('utf8')).toBe(key);
  // A system that folds compatibility characters later still sees no traversal.
  for (const segment of key.normalize('NFKC').split('/')) {
    expect(['.', '..']).not.toContain(segment);
    expect(segment).not.toContain('\\');
  }
  expect(key.split('/').length).toBe(key.normalize('NFKC').split('/').length);
  expect(normalizeKey(key)).toBe(key);
}

function checkArbitrary(key: string): void {
  let result: string;
  try {
    result = normalizeKey(key);
  } catch (error) {
    expect(isStowageError(error, 'INVALID_KEY')).toBe(true);
    return;
  }
  assertSafe(result);
  expect(result).toBe(key.normalize('NFC'));
}

// Characters that matter to traversal, and their Unicode look-alikes.
const TRICKY = [
  '.', '/', '\\', 'a', 'é', 'e', '\u0301', ':', 'C', '%', '2', 'e', 'f', ' ', '\u0000', '\u0085', '\u007f',
  '\uff0e', '\uff0f', '\uff3c', '\u2024', '\u2025', '\u2026', '\ufe52', '\ufe30', '\u2215', '\u2044', '\u29f8',
  '\uff1a', '\uff23', '\u0338', '\u200b', '\u202e', '\ufeff', '\ud800', '\udc00', '😀', '\u3002', '\uff61',
];
const trickyString = fc.array(fc.constantFrom(...TRICKY), { maxLength: 24 }).map((chars) => chars.join(''));
const trickyPath = fc.array(trickyString, { minLength: 1, maxLength: 5 }).map((segments) => segments.join('/'));

describe('normalizeKey properties', () => {
  it('arbitrary strings of code points are refused or safe', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 64 }), checkArbitrary), { numRuns: 2000 });
  });

  it('arbitrary strings of UTF-16 code units (lone surrogates included) are refused or safe', () => {
    const codeUnit = fc.integer({ min: 0, max: 0xffff }).map((unit) => String.fromCharCode(unit));
    fc.assert(fc.property(fc.string({ unit: codeUnit, maxLength: 32 }), checkArbitrary), { numRuns: 2000 });
  });

  it('arbitrary path-like strings are refused or safe', () => {
    const segment = fc.oneof(fc.constantFrom('.', '..', '', '...', 'a'), fc.string({ unit: 'grapheme', maxLength: 6 }));
    fc.assert(
      fc.property(fc.array(segment, { minLength: 1, maxLength: 6 }).map((s) => s.join('/')), checkArbitrary),
      { numRuns: 2000 },
    );
  });

  it('unicode look-alikes are refused or safe', () => {
    fc.assert(fc.property(trickyPath, checkArbitrary), { numRuns: 3000 });
  });

  it('long strings respect the byte limit', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', minLength: 200, maxLength: 700 }), checkArbitrary),
      { numRuns: 200 },
    );
  });

  it('is idempotent', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: 'binary', maxLength: 40 }), trickyPath), (key) => {
        let once: string;
        try {
          once = normalizeKey(key);
        } catch {
          return;
        }
        expect(normalizeKey(once)).toBe(once);
      }),
      { numRuns: 2000 },
    );
  });

  it('NFD and NFC spellings give one key', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme-composite', minLength: 1, maxLength: 20 }), (key) => {
        const nfc = rejection(() => normalizeKey(key.normalize('NFC')));
        const nfd = rejection(() => normalizeKey(key.normalize('NFD')));
        expect(nfd?.code).toBe(nfc?.code);
        if (nfc === undefined) expect(normalizeKey(key.normalize('NFD'))).toBe(normalizeKey(key.normalize('NFC')));
      }),
      { numRuns: 1000 },
    );
  });

  it('with a prefix, stays under the prefix and strips back to the key', () => {
    fc.assert(
      fc.property(trickyPath, fc.constantFrom('root', 'root/', 'a/b/'), (key, prefix) => {
        let stored: string;
        try {
          stored = normalizeKey(key, { prefix });
        } catch (error) {
          expect(isStowageError(error, 'INVALID_KEY')).toBe(true);
          return;
        }
        expect(path.posix.join('/srv', stored).startsWith(`/srv/${prefix.replace(/\/$/, '')}/`)).toBe(true);
        expect(stripPrefix(stored, prefix)).toBe(normalizeKey(key));
      }),
      { numRuns: 1000 },
    );
  });
});

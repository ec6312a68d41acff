import { describe, expect, it } from 'vitest';
import { publicUrl } from './public-url.js';

describe('publicUrl', () => {
  it('appends the stored key, with rootPath, to the base URL', () => {
    expect(publicUrl('https://cdn.example.com', undefined, 'a/b c.png')).toBe('https://cdn.example.com/a/b%20c.png');
    expect(publicUrl('https://cdn.example.com/', 'uploads', 'a.png')).toBe('https://cdn.example.com/uploads/a.png');
  });

  it('never doubles a rootPath the base URL already ends with', () => {
    expect(publicUrl('https://cdn.example.com/uploads', 'uploads', 'a.png')).toBe('https://cdn.example.com/uploads/a.png');
    expect(publicUrl('https://cdn.example.com/uploads/', 'uploads/', 'a.png')).toBe('https://cdn.example.com/uploads/a.png');
    expect(publicUrl('https://cdn.example.com/site/user files', 'user files', 'x')).toBe('https://cdn.example.com/site/user%20files/x');
  });

  it('never adds the bucket: a path-style base URL keeps its own bucket segment once', () => {
    expect(publicUrl('http://127.0.0.1:9000/my-bucket', undefined, 'k.txt')).toBe('http://127.0.0.1:9000/my-bucket/k.txt');
  });

  it('percent-encodes each segment, keeping slashes', () => {
    expect(publicUrl('https://cdn.example.com', undefined, 'dir/ü+%#?.txt')).toBe('https://cdn.example.com/dir/%C3%BC%2B%25%23%3F.txt');
  });
});

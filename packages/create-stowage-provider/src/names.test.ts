import { describe, expect, it } from 'vitest';
import { NameError, providerNames } from './names.js';

describe('providerNames', () => {
  it('derives the convention’s package name from a short name', () => {
    expect(providerNames('my-backend')).toEqual({
      provider: 'my-backend',
      packageName: 'stowage-provider-upload-my-backend',
      pascal: 'MyBackend',
      camel: 'myBackend',
    });
  });

  it('accepts the full package name, scoped or not', () => {
    expect(providerNames('stowage-provider-upload-b2').packageName).toBe('stowage-provider-upload-b2');
    const scoped = providerNames('@acme/stowage-provider-upload-vault');
    expect(scoped).toMatchObject({ provider: 'vault', packageName: '@acme/stowage-provider-upload-vault', scope: '@acme' });
  });

  it('scopes with --scope, with or without the @', () => {
    expect(providerNames('vault', 'acme').packageName).toBe('@acme/stowage-provider-upload-vault');
    expect(providerNames('vault', '@acme').packageName).toBe('@acme/stowage-provider-upload-vault');
    expect(providerNames('@acme/stowage-provider-upload-vault', '@acme').scope).toBe('@acme');
  });

  it('refuses a scope that contradicts the name’s', () => {
    expect(() => providerNames('@acme/stowage-provider-upload-vault', 'other')).toThrow(/--scope/);
  });

  it.each([
    ['My-Backend', /lower-case/],
    ['my backend', /lower-case/],
    ['my_backend', /lower-case/],
    ['-backend', /lower-case/],
    ['backend-', /dashes/],
    ['my--backend', /dashes/],
    ['', /lower-case/],
    ['stowage-provider-upload-', /lower-case/],
    ['../evil', /lower-case/],
  ])('refuses %j', (name, message) => {
    expect(() => providerNames(name)).toThrow(NameError);
    expect(() => providerNames(name)).toThrow(message);
  });

  it('refuses a bad scope', () => {
    expect(() => providerNames('vault', 'Acme')).toThrow(/Invalid scope/);
    expect(() => providerNames('vault', '@a/b')).toThrow(/Invalid scope/);
  });

  it('applies npm’s own rules to the result (length)', () => {
    expect(() => providerNames('x'.repeat(200))).toThrow(/Invalid package name.*214/);
  });

  it('makes a valid identifier of a name starting with a digit', () => {
    expect(providerNames('3d-vault')).toMatchObject({ pascal: 'Provider3dVault', camel: 'provider3dVault' });
  });
});

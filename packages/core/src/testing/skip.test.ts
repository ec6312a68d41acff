import { describe, expect, it } from 'vitest';
import { capabilitySkipReason, configuredSkipReason, matchesClause, parseSkipEnv, skipReason } from './skip.js';

describe('parseSkipEnv', () => {
  it('reads ids and id=reason pairs, trimming blanks and empty entries', () => {
    expect(parseSkipEnv(' signedUrl.tamper = emulator does not verify ,list, ,upload.memory=slow disk=yes,=orphan')).toEqual({
      'signedUrl.tamper': 'emulator does not verify',
      list: '',
      'upload.memory': 'slow disk=yes',
    });
  });

  it('is empty for an unset or blank variable', () => {
    expect(parseSkipEnv(undefined)).toEqual({});
    expect(parseSkipEnv('  ')).toEqual({});
  });
});

describe('matchesClause', () => {
  it('matches an exact id, a group prefix and a group wildcard, never a mere string prefix', () => {
    expect(matchesClause('signedUrl.tamper', 'signedUrl.tamper')).toBe(true);
    expect(matchesClause('signedUrl', 'signedUrl.tamper')).toBe(true);
    expect(matchesClause('signedUrl.*', 'signedUrl.tamper')).toBe(true);
    expect(matchesClause('upload.abort', 'upload.abort.signal')).toBe(true);
    expect(matchesClause('signed', 'signedUrl.tamper')).toBe(false);
    expect(matchesClause('signedUrl', 'signedUpload.client')).toBe(false);
    expect(matchesClause('upload.roundtrip.1', 'upload.roundtrip.1b')).toBe(false);
  });
});

describe('skip reasons', () => {
  const clause = { id: 'signedUrl.tamper', requires: ['signedUrl' as const] };

  it('names the missing capabilities first', () => {
    expect(skipReason(clause, { capabilities: new Set(['read']), env: { signedUrl: 'x' } })).toBe('provider does not declare signedUrl');
    expect(capabilitySkipReason({ requires: ['copy', 'read'] }, new Set())).toBe('provider does not declare copy, read');
    expect(capabilitySkipReason({ requires: ['read'] }, new Set(['read']))).toBeUndefined();
  });

  it('shows where a configured skip comes from; the suite options win over the environment', () => {
    expect(configuredSkipReason(clause, { env: { signedUrl: 'no clock' } })).toBe('skipped by STOWAGE_CONTRACT_SKIP: no clock');
    expect(configuredSkipReason(clause, { env: { 'signedUrl.tamper': '' } })).toBe('skipped by STOWAGE_CONTRACT_SKIP');
    expect(configuredSkipReason(clause, { options: { signedUrl: 'emulator' }, env: { signedUrl: 'env' } })).toBe('emulator');
    expect(configuredSkipReason(clause, { options: { 'signedUrl.tamper': ' ' } })).toBe('skipped by the suite');
    expect(skipReason(clause, { capabilities: new Set(['signedUrl']) })).toBeUndefined();
  });
});

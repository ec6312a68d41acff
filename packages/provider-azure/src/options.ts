import { isTokenCredential, type TokenCredential } from '@azure/core-auth';
import { ContainerClient, type StoragePipelineOptions } from '@azure/storage-blob';
import { z } from 'zod';

const MIB = 1024 * 1024;

// Azure's rules: 3–63 characters, lower-case letters, digits and single dashes, starting and ending alphanumeric.
const CONTAINER_NAME = /^(?=.{3,63}$)[a-z0-9]+(?:-[a-z0-9]+)*$/;
// Storage account names: 3–24 lower-case letters and digits.
const ACCOUNT_NAME = /^[a-z0-9]{3,24}$/;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/**
 * The options of the Azure Blob Storage provider. Give exactly one way to authenticate:
 * `connectionString`; `accountName` + `accountKey`; `sasToken` (with `accountName` or `endpoint`);
 * `credential`, any `TokenCredential` such as `DefaultAzureCredential` from `@azure/identity` (with
 * `accountName` or `endpoint`); or a ready `containerClient`.
 */
export interface AzureProviderOptions {
  /**
   * The container objects are stored in. Required unless `containerClient` is given.
   * @default undefined
   */
  container?: string;
  /**
   * A key prefix every object is stored under (`uploads` stores key `a.png` as `uploads/a.png`).
   * @default undefined (the container's root)
   */
  rootPath?: string;
  /**
   * A public URL serving the container's root (a CDN, a custom domain, or the container URL itself);
   * uploads then report `url` as `baseUrl` + `/` + the stored key. The container name is never added to it.
   * @default undefined (uploads report no `url`)
   */
  baseUrl?: string;
  /**
   * Create the container at `init` when it does not exist (private access).
   * @default false
   */
  createContainerIfMissing?: boolean;
  /**
   * Bytes per staged block when streaming an upload; also the memory each in-flight block holds.
   * Azure allows 50,000 blocks per blob, so the default caps a streamed blob at about 195 GiB.
   * @default 4194304 (4 MiB)
   */
  blockSize?: number;
  /**
   * Blocks of one upload sent in parallel. Memory per upload is about `blockSize * (concurrency + 1)`.
   * @default 4
   */
  concurrency?: number;
  /**
   * Seconds a signed URL or signed upload lasts when the call does not say (at most 7 days).
   * @default 900
   */
  signedUrlExpiresIn?: number;
  /**
   * An Azure Storage connection string (`DefaultEndpointsProtocol=…;AccountName=…;AccountKey=…`, a SAS
   * connection string, or `UseDevelopmentStorage=true`).
   * @default undefined
   */
  connectionString?: string;
  /**
   * The storage account name; with `accountKey`, `sasToken` or `credential`.
   * @default undefined
   */
  accountName?: string;
  /**
   * The account's access key (base64), with `accountName`.
   * @default undefined
   */
  accountKey?: string;
  /**
   * A SAS token (the query string, with or without the leading `?`) granting access to the container or
   * account. It cannot sign new URLs, so `signedUrl` and `signedUpload` fail with `UNSUPPORTED`.
   * @default undefined
   */
  sasToken?: string;
  /**
   * A `TokenCredential` (Microsoft Entra ID, managed identity: `@azure/identity`). Signed URLs are then
   * user-delegation SAS: the identity needs a role with `generateUserDelegationKey` (e.g. "Storage Blob
   * Data Contributor"). Requires an `https` endpoint.
   * @default undefined
   */
  credential?: TokenCredential;
  /**
   * The blob service endpoint, e.g. `https://myaccount.blob.core.windows.net` or Azurite's
   * `http://127.0.0.1:10000/devstoreaccount1`.
   * @default `https://${accountName}.blob.core.windows.net`
   */
  endpoint?: string;
  /**
   * A ready `ContainerClient`, used as is: its credential decides how URLs are signed.
   * @default undefined
   */
  containerClient?: ContainerClient;
  /**
   * Pipeline options for the clients the provider creates: retries, proxy, user agent, HTTP client.
   * @default undefined (the SDK's defaults)
   */
  clientOptions?: StoragePipelineOptions;
}

/** The zod schema behind {@link AzureProviderOptions}; unknown options are refused. */
export const azureOptionsSchema = z
  .strictObject({
    container: z.string().regex(CONTAINER_NAME, 'expected a container name: 3-63 lower-case letters, digits and single dashes').optional(),
    rootPath: z.string().optional(),
    baseUrl: z.url({ protocol: /^https?$/, error: 'expected an http(s) URL' }).optional(),
    createContainerIfMissing: z.boolean().default(false),
    blockSize: z.number().int().min(1, 'expected at least 1 byte').max(4000 * MIB, 'expected at most 4000 MiB').default(4 * MIB),
    concurrency: z.number().int().min(1).max(64).default(4),
    signedUrlExpiresIn: z.number().int().min(1).max(7 * 24 * 3600, 'expected at most 7 days (604800 s)').default(900),
    connectionString: z.string().min(1, 'expected a non-empty connection string').optional(),
    accountName: z.string().regex(ACCOUNT_NAME, 'expected a storage account name: 3-24 lower-case letters and digits').optional(),
    accountKey: z.string().regex(BASE64, "expected the account's base64 access key").min(4, "expected the account's base64 access key").optional(),
    sasToken: z.string().refine(isSasToken, 'expected a SAS query string with sv= and sig=').optional(),
    credential: z.custom<TokenCredential>(isTokenCredential, 'expected a TokenCredential (an object with getToken())').optional(),
    endpoint: z.url({ protocol: /^https?$/, error: 'expected an http(s) URL' }).optional(),
    containerClient: z.custom<ContainerClient>((v) => v instanceof ContainerClient, 'expected a ContainerClient from @azure/storage-blob').optional(),
    clientOptions: z.custom<StoragePipelineOptions>((v) => typeof v === 'object' && v !== null, 'expected an object (StoragePipelineOptions)').optional(),
  })
  .superRefine((options, ctx) => {
    const forms = [
      options.connectionString !== undefined && 'connectionString',
      options.accountKey !== undefined && 'accountKey',
      options.sasToken !== undefined && 'sasToken',
      options.credential !== undefined && 'credential',
      options.containerClient !== undefined && 'containerClient',
    ].filter((form): form is string => form !== false);
    if (forms.length !== 1) {
      ctx.addIssue({
        code: 'custom',
        message: `expected exactly one of connectionString, accountName + accountKey, sasToken, credential or containerClient; got ${forms.length === 0 ? 'none' : forms.join(' and ')}`,
      });
      return;
    }
    if (options.containerClient !== undefined && options.container !== undefined && options.container !== options.containerClient.containerName) {
      ctx.addIssue({ code: 'custom', path: ['container'], message: 'differs from the containerClient\'s container; give one or the other' });
    }
    if (options.containerClient === undefined && options.container === undefined) {
      ctx.addIssue({ code: 'custom', path: ['container'], message: 'is required (the container name)' });
    }
    if (options.accountKey !== undefined && options.accountName === undefined) {
      ctx.addIssue({ code: 'custom', path: ['accountName'], message: 'is required with accountKey' });
    }
    if ((options.sasToken !== undefined || options.credential !== undefined) && options.accountName === undefined && options.endpoint === undefined) {
      ctx.addIssue({ code: 'custom', path: ['endpoint'], message: `accountName or endpoint is required with ${forms[0]}` });
    }
    if (options.credential !== undefined && options.endpoint !== undefined && !options.endpoint.startsWith('https:')) {
      ctx.addIssue({ code: 'custom', path: ['endpoint'], message: 'must be https with a TokenCredential (bearer tokens are never sent in clear text)' });
    }
  });

// The interface and the schema must describe the same options.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const optionsMatchSchema: Same<Required<AzureProviderOptions>, Required<z.input<typeof azureOptionsSchema>>> = true;
void optionsMatchSchema;

/** The options after validation and defaults. */
export type ResolvedAzureOptions = z.output<typeof azureOptionsSchema>;

function isSasToken(value: string): boolean {
  const params = new URLSearchParams(value.startsWith('?') ? value.slice(1) : value);
  return params.has('sv') && params.has('sig');
}

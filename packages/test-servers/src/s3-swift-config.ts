import { randomBytes } from 'node:crypto';

/** Builds the account, container and object rings (1 replica, one device) in one Python process. */
export const RING_SCRIPT = `import sys
from swift.common.ring import RingBuilder
etc = sys.argv[1]
for name, port in zip(('account', 'container', 'object'), sys.argv[2:]):
    builder = RingBuilder(6, 1, 1)
    builder.add_dev({'id': 0, 'region': 1, 'zone': 1, 'ip': '127.0.0.1', 'port': int(port), 'device': 'd1', 'weight': 100, 'meta': ''})
    builder.rebalance()
    builder.save('%s/%s.builder' % (etc, name))
    builder.get_ring().save('%s/%s.ring.gz' % (etc, name))
`;

/** `swift.conf`: random hash path prefix and suffix, one storage policy. */
export function swiftConf(): string {
  return `[swift-hash]
swift_hash_path_suffix = ${randomBytes(8).toString('hex')}
swift_hash_path_prefix = ${randomBytes(8).toString('hex')}

[storage-policy:0]
name = Policy-0
default = yes
`;
}

/** The configuration of one account, container or object server. */
export function storageConf(ring: 'account' | 'container' | 'object', etc: string, devices: string, port: number): string {
  return `[DEFAULT]
bind_ip = 127.0.0.1
bind_port = ${port}
workers = 0
swift_dir = ${etc}
devices = ${devices}
mount_check = false
disable_fallocate = true
log_name = ${ring}

[pipeline:main]
pipeline = healthcheck ${ring}-server

[app:${ring}-server]
use = egg:swift#${ring}

[filter:healthcheck]
use = egg:swift#healthcheck
`;
}

/** The proxy: s3api before tempauth, SLO for multipart uploads, `workers = 0`. */
export function proxyConf(etc: string, port: number, secret: string): string {
  return `[DEFAULT]
bind_ip = 127.0.0.1
bind_port = ${port}
workers = 0
swift_dir = ${etc}
log_name = proxy

[pipeline:main]
pipeline = catch_errors gatekeeper healthcheck proxy-logging cache listing_formats s3api tempauth copy slo dlo versioned_writes proxy-logging proxy-server

[app:proxy-server]
use = egg:swift#proxy
account_autocreate = true
allow_account_management = true

[filter:s3api]
use = egg:swift#s3api
location = us-east-1
max_upload_part_num = 10000

[filter:tempauth]
use = egg:swift#tempauth
user_stowage_tester = ${secret} .admin

[filter:cache]
paste.filter_factory = stowage_swift_cache:filter_factory

[filter:catch_errors]
use = egg:swift#catch_errors

[filter:gatekeeper]
use = egg:swift#gatekeeper

[filter:healthcheck]
use = egg:swift#healthcheck

[filter:proxy-logging]
use = egg:swift#proxy_logging

[filter:listing_formats]
use = egg:swift#listing_formats

[filter:copy]
use = egg:swift#copy

[filter:slo]
use = egg:swift#slo

[filter:dlo]
use = egg:swift#dlo

[filter:versioned_writes]
use = egg:swift#versioned_writes
`;
}

/** A memcache stand-in: Swift's middlewares only need get/set/incr/decr/delete on env['swift.cache']. */
export const CACHE_MODULE = `import time as _time


class DictCache(object):
    def __init__(self):
        self._data = {}

    def _live(self, key):
        item = self._data.get(key)
        if item is None:
            return None
        expires, value = item
        if expires and expires < _time.time():
            self._data.pop(key, None)
            return None
        return item

    def get(self, key, raise_on_error=False):
        item = self._live(key)
        return None if item is None else item[1]

    def set(self, key, value, serialize=True, time=0, min_compress_len=0, raise_on_error=False):
        self._data[key] = ((_time.time() + time) if time else 0, value)

    def incr(self, key, delta=1, time=0):
        item = self._live(key)
        value = (int(item[1]) if item else 0) + int(delta)
        value = max(value, 0)
        self.set(key, value, time=time)
        return value

    def decr(self, key, delta=1, time=0):
        return self.incr(key, -int(delta), time)

    def delete(self, key, server_key=None):
        self._data.pop(key, None)

    def get_multi(self, keys, server_key):
        return [self.get(key) for key in keys]

    def set_multi(self, mapping, server_key, serialize=True, time=0, min_compress_len=0):
        for key, value in mapping.items():
            self.set(key, value, time=time)


def filter_factory(global_conf, **local_conf):
    cache = DictCache()

    def factory(app):
        def middleware(env, start_response):
            env['swift.cache'] = cache
            return app(env, start_response)
        return middleware
    return factory
`;

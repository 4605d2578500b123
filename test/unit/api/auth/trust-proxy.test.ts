// server.trusted_proxies → express "trust proxy": accepted forms and the config error.
import { trustProxySetting } from '../../../../server/src/api/auth/security-headers';

describe('trustProxySetting', () => {
  it.each([
    [[], false],
    [['loopback'], ['loopback']],
    [[' 10.0.0.0/8 ', '192.168.1.2', 'fd00::/8', '::1', 'uniquelocal', '10.1.0.0/255.255.0.0'], ['10.0.0.0/8', '192.168.1.2', 'fd00::/8', '::1', 'uniquelocal', '10.1.0.0/255.255.0.0']],
  ])('%j → %j', (list, value) => {
    expect(trustProxySetting(list)).toEqual(value);
  });

  it.each([['proxy.lan'], ['10.0.0.0/33'], ['::1/129'], ['10.0.0.1/8/8'], [''], ['true']])('refuses %j', (entry) => {
    expect(() => trustProxySetting([entry])).toThrow(expect.objectContaining({ code: 'config_invalid', message: expect.stringContaining(JSON.stringify(entry.trim())) }));
  });
});

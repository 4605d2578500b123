// Reading cookies, bearer headers and ?token= from raw requests, and the same-origin check.
import { readBearer, readCookie, readQueryToken, sameOrigin } from '../../../../server/src/api/auth/request-credentials';

describe('request credentials', () => {
  it.each([
    [undefined, null],
    ['', null],
    ['vigil_session=abc', 'abc'],
    ['a=1; vigil_session=abc; b=2', 'abc'],
    ['vigil_session_x=1; vigil_session="q%2Fv"', 'q/v'],
    ['vigil_session=%E0%A4%A', '%E0%A4%A'],
    ['novalue; other=1', null],
  ])('readCookie(%j) → %j', (header, value) => {
    expect(readCookie(header, 'vigil_session')).toBe(value);
  });

  it.each([
    ['Bearer vgl_abc', 'vgl_abc'],
    ['bearer   vgl_abc  ', 'vgl_abc'],
    ['Basic dXNlcjpwYXNz', null],
    ['Bearer', null],
    ['Bearer a b', null],
    [undefined, null],
  ])('readBearer(%j) → %j', (header, value) => {
    expect(readBearer(header)).toBe(value);
  });

  it.each([
    ['/ws?token=vgl_x', 'vgl_x'],
    ['/ws?a=1&token=vgl_%2B', 'vgl_+'],
    ['/ws?token=', null],
    ['/ws', null],
    [undefined, null],
  ])('readQueryToken(%j) → %j', (url, value) => {
    expect(readQueryToken(url)).toBe(value);
  });

  it.each([
    [{}, 'box:8080', true],
    [{ origin: 'http://box:8080' }, 'box:8080', true],
    [{ origin: 'https://BOX:8080' }, 'box:8080', true],
    [{ origin: 'http://box' }, 'box:80', true],
    [{ origin: 'https://box' }, 'box:443', true],
    [{ origin: 'http://box' }, 'box:443', false],
    [{ origin: 'http://evil:8080' }, 'box:8080', false],
    [{ origin: 'null' }, 'box:8080', false],
    [{ origin: 'not a url' }, 'box:8080', false],
    [{ referer: 'http://box:8080/page?x=1' }, 'box:8080', true],
    [{ referer: 'http://evil/page' }, 'box:8080', false],
    [{ origin: 'http://box:8080' }, undefined, false],
  ])('sameOrigin(%j, %j) → %j', (headers, host, ok) => {
    expect(sameOrigin(headers, host)).toBe(ok);
  });
});

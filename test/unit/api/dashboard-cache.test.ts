// Cache headers of dashboard files, and the MJPEG part header.
import { cacheControlFor } from '../../../server/src/api/dashboard';
import { mjpegPartHeader } from '../../../server/src/api/routes/mjpeg.routes';

describe('cacheControlFor', () => {
  it.each([
    ['app-3KXJ2ABC.js', 'public, max-age=31536000, immutable'],
    ['chunk.Z7QW2M4P.css', 'public, max-age=31536000, immutable'],
    ['logo-ABCD2345.svg', 'public, max-age=31536000, immutable'],
    ['index.html', 'no-cache'],
    ['app.js', 'no-cache'],
    ['overlay-geometry.js', 'no-cache'],
    ['app-ABCDEFGH.js', 'no-cache'],
    ['app-3kxj2abc.js', 'no-cache'],
  ])('%s → %s', (name, want) => expect(cacheControlFor(name)).toBe(want));
});

describe('mjpegPartHeader', () => {
  it('announces one JPEG part', () => {
    expect(mjpegPartHeader(1234, 'b').toString('ascii')).toBe('--b\r\nContent-Type: image/jpeg\r\nContent-Length: 1234\r\n\r\n');
  });
});

// Roles in Vigil's process tree: an ffmpeg under a capture child is its decoder, one under the
// main process is a recorder; anything else is "other".
import { rolesOf, type ProcInfo } from '../../../../scripts/bench/support/proc-tree';

const p = (pid: number, ppid: number, name: string, cmd: string): ProcInfo => ({ pid, ppid, name, cmd, cpuS: 0, rssBytes: 0 });

describe('rolesOf', () => {
  it('tells decoders from recorders by their parent', () => {
    const tree = [
      p(10, 1, 'node', 'node bin/vigil.js start'),
      p(11, 10, 'node', 'node dist/server/src/capture/capture.process.js cam0'),
      p(12, 11, 'ffmpeg', 'ffmpeg -i rtsp://x -f yuv4mpegpipe pipe:1'),
      p(13, 10, 'ffmpeg', 'ffmpeg -i rtsp://x -c copy -f segment'),
      p(14, 11, 'sh', 'sh -c true'),
    ];
    expect([...rolesOf(tree, 10)]).toEqual([
      [10, 'main'],
      [11, 'capture'],
      [12, 'decoder'],
      [13, 'recorder'],
      [14, 'other'],
    ]);
  });
});

// What an operator is told about an unreadable file source, from ffprobe's stream list and errors.
import { explainProbe, probeErrorLine } from '../../../server/src/capture/file-diagnosis';

describe('explainProbe', () => {
  it.each([
    [[{ codec_type: 'audio', codec_name: 'aac' }], 'the file has no video stream (only audio)'],
    [[{ codec_type: 'audio', codec_name: 'aac' }, { codec_type: 'subtitle', codec_name: 'mov_text' }], 'the file has no video stream (only audio, subtitle)'],
    [[], 'the file has no video stream'],
    [[{ codec_type: 'video', codec_name: 'unknown', codec_tag_string: 'QZQZ' }], 'no decoder for the file\'s video codec "QZQZ"'],
    [[{ codec_type: 'video', codec_tag_string: '[0][0][0][0]' }], "no decoder for the file's video codec \"[0][0][0][0]\""],
    [[{ codec_type: 'video', codec_name: 'none', codec_tag_string: '\u0001bad' }], "no decoder for the file's video codec"],
  ])('%j → %s', (streams, expected) => {
    expect(explainProbe(streams)).toBe(expected);
  });

  it('has nothing to add for a playable video', () => {
    expect(explainProbe([{ codec_type: 'video', codec_name: 'h264' }, { codec_type: 'audio', codec_name: 'aac' }])).toBeNull();
  });
});

describe('probeErrorLine', () => {
  it.each([
    ['[mov,mp4,m4a,3gp,3g2,mj2 @ 0x55d0c7a0] moov atom not found\n/tmp/x/notes.mp4: Invalid data found when processing input\n', 'moov atom not found'],
    ['/tmp/x/notes.mp4: Invalid data found when processing input\n', 'Invalid data found when processing input'],
    ['\n\n', null],
    ['', null],
  ])('%j → %s', (stderr, expected) => {
    expect(probeErrorLine(stderr)).toBe(expected);
  });
});

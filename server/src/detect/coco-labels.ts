// The 80 COCO class names in the order detectors trained on COCO emit them.
export const COCO80: readonly string[] = [
  'person', 'bicycle', 'car', 'motorcycle', 'airplane', 'bus', 'train', 'truck', 'boat', 'traffic light',
  'fire hydrant', 'stop sign', 'parking meter', 'bench', 'bird', 'cat', 'dog', 'horse', 'sheep', 'cow',
  'elephant', 'bear', 'zebra', 'giraffe', 'backpack', 'umbrella', 'handbag', 'tie', 'suitcase', 'frisbee',
  'skis', 'snowboard', 'sports ball', 'kite', 'baseball bat', 'baseball glove', 'skateboard', 'surfboard', 'tennis racket', 'bottle',
  'wine glass', 'cup', 'fork', 'knife', 'spoon', 'bowl', 'banana', 'apple', 'sandwich', 'orange',
  'broccoli', 'carrot', 'hot dog', 'pizza', 'donut', 'cake', 'chair', 'couch', 'potted plant', 'bed',
  'dining table', 'toilet', 'tv', 'laptop', 'mouse', 'remote', 'keyboard', 'cell phone', 'microwave', 'oven',
  'toaster', 'sink', 'refrigerator', 'book', 'clock', 'vase', 'scissors', 'teddy bear', 'hair drier', 'toothbrush',
];

/** COCO category ids that the 2017 annotations leave unused (SSD-style models still number them). */
const COCO91_GAPS = new Set([12, 26, 29, 30, 45, 66, 68, 69, 71, 83]);

/**
 * Labels indexed by COCO's original category id (1..90, '' at 0 and at unused ids), the class
 * numbering of TensorFlow Object Detection API models.
 */
export const COCO91_BY_ID: readonly string[] = (() => {
  const out = [''];
  let next = 0;
  for (let id = 1; id <= 90; id++) out.push(COCO91_GAPS.has(id) ? '' : (COCO80[next++] as string));
  return out;
})();

import { h, field } from './dom';

const UNDO_DEPTH = 30;
/** The largest size the API makes; a larger upload is scaled down to it, which also keeps it under 4 MB. */
const MAX_SIDE_PIXELS = 1024;

/**
 * The image with a paint layer over it: painted pixels are the area to repaint. Mouse, pen and touch
 * all arrive as pointer events. The mask the API wants is the image's size, opaque where the image is
 * kept and transparent where it is painted.
 */
export class MaskPainter {
  readonly element: HTMLElement;
  private readonly picture: HTMLCanvasElement;
  private readonly paint: HTMLCanvasElement;
  private readonly brush: HTMLInputElement;
  private readonly eraser: HTMLButtonElement;
  private readonly undoButton: HTMLButtonElement;
  private readonly history: ImageData[] = [];
  private last: { x: number; y: number } | null = null;

  constructor() {
    this.picture = h('canvas', { class: 'picture', width: 256, height: 256, 'aria-hidden': 'true' });
    this.paint = h('canvas', { class: 'paint', width: 256, height: 256, role: 'img',
      'aria-label': 'Mask: paint over the area to repaint' });
    this.brush = h('input', { type: 'range', min: 2, max: 64, value: 24, name: 'brush' });
    this.eraser = h('button', { type: 'button', class: 'secondary', 'aria-pressed': 'false' }, 'Eraser');
    this.undoButton = h('button', { type: 'button', class: 'secondary', disabled: true }, 'Undo');
    const clearButton = h('button', { type: 'button', class: 'secondary' }, 'Clear mask');
    this.eraser.addEventListener('click', () =>
      this.eraser.setAttribute('aria-pressed', String(this.eraser.getAttribute('aria-pressed') !== 'true')));
    this.undoButton.addEventListener('click', () => this.undo());
    clearButton.addEventListener('click', () => {
      this.remember();
      this.context().clearRect(0, 0, this.paint.width, this.paint.height);
    });
    this.paint.addEventListener('pointerdown', (event) => this.start(event));
    this.paint.addEventListener('pointermove', (event) => this.move(event));
    for (const end of ['pointerup', 'pointercancel', 'pointerleave'] as const) {
      this.paint.addEventListener(end, () => {
        this.last = null;
      });
    }
    this.element = h('div', { class: 'painter' },
      h('div', { class: 'canvas-stack' }, this.picture, this.paint),
      h('div', { class: 'row tools' }, field('Brush size', this.brush), this.eraser, this.undoButton, clearButton));
  }

  /** Shows a new image, cut to its centred square (the API takes square PNGs), and forgets the old mask. */
  load(image: HTMLImageElement): void {
    const square = Math.min(image.naturalWidth, image.naturalHeight);
    const side = Math.min(square, MAX_SIDE_PIXELS);
    for (const canvas of [this.picture, this.paint]) {
      canvas.width = side;
      canvas.height = side;
    }
    this.picture.getContext('2d')?.drawImage(image, (image.naturalWidth - square) / 2,
      (image.naturalHeight - square) / 2, square, square, 0, 0, side, side);
    this.history.length = 0;
    this.undoButton.disabled = true;
  }

  hasMask(): boolean {
    const pixels = this.context().getImageData(0, 0, this.paint.width, this.paint.height).data;
    for (let i = 3; i < pixels.length; i += 4) {
      if (pixels[i] > 0) {
        return true;
      }
    }
    return false;
  }

  imagePng(): Promise<Blob> {
    return toPng(this.picture);
  }

  maskPng(): Promise<Blob> {
    const mask = h('canvas', { width: this.paint.width, height: this.paint.height });
    const context = mask.getContext('2d') as CanvasRenderingContext2D;
    context.drawImage(this.picture, 0, 0);
    context.globalCompositeOperation = 'destination-out';
    context.drawImage(this.paint, 0, 0);
    return toPng(mask);
  }

  private context(): CanvasRenderingContext2D {
    return this.paint.getContext('2d', { willReadFrequently: true }) as CanvasRenderingContext2D;
  }

  private start(event: PointerEvent): void {
    event.preventDefault();
    this.paint.setPointerCapture(event.pointerId);
    this.remember();
    this.last = this.point(event);
    this.stroke(this.last, this.last);
  }

  private move(event: PointerEvent): void {
    if (!this.last) {
      return;
    }
    const next = this.point(event);
    this.stroke(this.last, next);
    this.last = next;
  }

  private stroke(from: { x: number; y: number }, to: { x: number; y: number }): void {
    const context = this.context();
    const scale = this.paint.width / this.paint.getBoundingClientRect().width;
    context.globalCompositeOperation = this.eraser.getAttribute('aria-pressed') === 'true' ? 'destination-out' : 'source-over';
    context.strokeStyle = '#ff2d55';
    context.lineWidth = Number(this.brush.value) * scale;
    context.lineCap = 'round';
    context.lineJoin = 'round';
    context.beginPath();
    context.moveTo(from.x, from.y);
    context.lineTo(to.x, to.y);
    context.stroke();
  }

  private point(event: PointerEvent): { x: number; y: number } {
    const box = this.paint.getBoundingClientRect();
    return {
      x: ((event.clientX - box.left) / box.width) * this.paint.width,
      y: ((event.clientY - box.top) / box.height) * this.paint.height,
    };
  }

  private remember(): void {
    this.history.push(this.context().getImageData(0, 0, this.paint.width, this.paint.height));
    if (this.history.length > UNDO_DEPTH) {
      this.history.shift();
    }
    this.undoButton.disabled = false;
  }

  private undo(): void {
    const previous = this.history.pop();
    if (previous) {
      this.context().putImageData(previous, 0, 0);
    }
    this.undoButton.disabled = this.history.length === 0;
  }
}

function toPng(canvas: HTMLCanvasElement): Promise<Blob> {
  return new Promise((resolve, reject) => canvas.toBlob((blob) =>
    blob ? resolve(blob) : reject(new Error('the canvas could not be saved as PNG')), 'image/png'));
}

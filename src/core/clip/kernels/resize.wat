;; PIL's two-pass resize of 8-bit RGB(A) (src/libImaging/Resample.c), the crop's rows and columns only, then the
;; per-channel lookup to float32 (rescale and normalize): the hot loop of preprocess.ts, with WASM SIMD. The
;; coefficients, bounds and lookup table are made in TypeScript and written into this memory, as is the image; the
;; arithmetic is PIL's fixed point (22 fraction bits, sums in 32-bit integers), so the result is the TypeScript
;; version's, value for value. Assembled by scripts/build-kernels.mjs into resize.wasm.ts.

(module
  (memory (export "memory") 1)

  ;; Horizontal pass: for each of `rows` source rows (RGBA, `sw` pixels wide, from `src`), the W output columns
  ;; starting at `left`; each output column xx reads n = hb[2xx + 1] pixels from hb[2xx] with the coefficients at
  ;; hk + 4 * xx * ksize. Written into three 8-bit planes `plane` bytes apart, rows W4 bytes apart, from `mid` (R,
  ;; then G, then B): the caller passes the source in strips of rows, each written further down the planes.
  (func (export "hpass")
    (param $src i32) (param $sw i32) (param $rows i32) (param $W i32) (param $left i32)
    (param $hb i32) (param $hk i32) (param $ksize i32) (param $mid i32) (param $W4 i32) (param $plane i32)
    (local $y i32) (local $x i32) (local $row i32) (local $b i32) (local $n i32) (local $kp i32) (local $p i32)
    (local $i i32) (local $acc v128) (local $v v128) (local $m i32)
    (block $ydone
      (loop $yloop
        (br_if $ydone (i32.ge_u (local.get $y) (local.get $rows)))
        (local.set $row (i32.add (local.get $src) (i32.shl (i32.mul (local.get $y) (local.get $sw)) (i32.const 2))))
        (local.set $x (i32.const 0))
        (block $xdone
          (loop $xloop
            (br_if $xdone (i32.ge_u (local.get $x) (local.get $W)))
            (local.set $b (i32.add (local.get $hb) (i32.shl (i32.add (local.get $x) (local.get $left)) (i32.const 3))))
            (local.set $p (i32.add (local.get $row) (i32.shl (i32.load (local.get $b)) (i32.const 2))))
            (local.set $n (i32.load offset=4 (local.get $b)))
            (local.set $kp
              (i32.add (local.get $hk) (i32.shl (i32.mul (i32.add (local.get $x) (local.get $left)) (local.get $ksize)) (i32.const 2))))
            (local.set $acc (i32x4.splat (i32.const 2097152)))
            (local.set $i (i32.const 0))
            (block $idone
              (loop $iloop
                (br_if $idone (i32.ge_u (local.get $i) (local.get $n)))
                (local.set $acc
                  (i32x4.add (local.get $acc)
                    (i32x4.mul
                      (i32x4.extend_low_i16x8_u (i16x8.extend_low_i8x16_u (v128.load32_zero (local.get $p))))
                      (v128.load32_splat (local.get $kp)))))
                (local.set $p (i32.add (local.get $p) (i32.const 4)))
                (local.set $kp (i32.add (local.get $kp) (i32.const 4)))
                (local.set $i (i32.add (local.get $i) (i32.const 1)))
                (br $iloop)))
            (local.set $v
              (i32x4.min_s
                (i32x4.max_s (i32x4.shr_s (local.get $acc) (i32.const 22)) (v128.const i32x4 0 0 0 0))
                (v128.const i32x4 255 255 255 255)))
            (local.set $m (i32.add (local.get $mid) (i32.add (i32.mul (local.get $y) (local.get $W4)) (local.get $x))))
            (i32.store8 (local.get $m) (i32x4.extract_lane 0 (local.get $v)))
            (i32.store8 (i32.add (local.get $m) (local.get $plane)) (i32x4.extract_lane 1 (local.get $v)))
            (i32.store8 (i32.add (local.get $m) (i32.shl (local.get $plane) (i32.const 1))) (i32x4.extract_lane 2 (local.get $v)))
            (local.set $x (i32.add (local.get $x) (i32.const 1)))
            (br $xloop)))
        (local.set $y (i32.add (local.get $y) (i32.const 1)))
        (br $yloop))))

  ;; Vertical pass and lookup: for each channel c and output row y (source row top + y of the resized image), four
  ;; columns at a time, n = vb[2yy + 1] rows of the channel's plane from vb[2yy] - y0, with the coefficients at
  ;; vk + 4 * yy * ksize; each 8-bit result v becomes lut[256c + v] (float32), written at dst as C × H × W. A group of
  ;; four that passes the row's end writes up to three values into the next row's start, which that row (done later)
  ;; writes again; after the last row, into the 16 spare bytes the caller leaves after dst.
  (func (export "vpass")
    (param $mid i32) (param $W4 i32) (param $rows i32) (param $H i32) (param $W i32) (param $top i32) (param $y0 i32)
    (param $vb i32) (param $vk i32) (param $ksize i32) (param $lut i32) (param $dst i32)
    (local $c i32) (local $y i32) (local $x i32) (local $yy i32) (local $b i32) (local $n i32) (local $kp0 i32)
    (local $kp i32) (local $src0 i32) (local $p i32) (local $i i32) (local $acc v128) (local $v v128) (local $d i32)
    (local $lutc i32)
    (block $cdone
      (loop $cloop
        (br_if $cdone (i32.ge_u (local.get $c) (i32.const 3)))
        (local.set $lutc (i32.add (local.get $lut) (i32.shl (local.get $c) (i32.const 10))))
        (local.set $y (i32.const 0))
        (block $ydone
          (loop $yloop
            (br_if $ydone (i32.ge_u (local.get $y) (local.get $H)))
            (local.set $yy (i32.add (local.get $y) (local.get $top)))
            (local.set $b (i32.add (local.get $vb) (i32.shl (local.get $yy) (i32.const 3))))
            (local.set $src0
              (i32.add
                (i32.add (local.get $mid) (i32.mul (i32.mul (local.get $c) (local.get $rows)) (local.get $W4)))
                (i32.mul (i32.sub (i32.load (local.get $b)) (local.get $y0)) (local.get $W4))))
            (local.set $n (i32.load offset=4 (local.get $b)))
            (local.set $kp0 (i32.add (local.get $vk) (i32.shl (i32.mul (local.get $yy) (local.get $ksize)) (i32.const 2))))
            (local.set $d
              (i32.add (local.get $dst)
                (i32.shl (i32.mul (i32.add (i32.mul (local.get $c) (local.get $H)) (local.get $y)) (local.get $W)) (i32.const 2))))
            (local.set $x (i32.const 0))
            (block $xdone
              (loop $xloop
                (br_if $xdone (i32.ge_u (local.get $x) (local.get $W)))
                (local.set $acc (i32x4.splat (i32.const 2097152)))
                (local.set $p (i32.add (local.get $src0) (local.get $x)))
                (local.set $kp (local.get $kp0))
                (local.set $i (i32.const 0))
                (block $idone
                  (loop $iloop
                    (br_if $idone (i32.ge_u (local.get $i) (local.get $n)))
                    (local.set $acc
                      (i32x4.add (local.get $acc)
                        (i32x4.mul
                          (i32x4.extend_low_i16x8_u (i16x8.extend_low_i8x16_u (v128.load32_zero (local.get $p))))
                          (v128.load32_splat (local.get $kp)))))
                    (local.set $p (i32.add (local.get $p) (local.get $W4)))
                    (local.set $kp (i32.add (local.get $kp) (i32.const 4)))
                    (local.set $i (i32.add (local.get $i) (i32.const 1)))
                    (br $iloop)))
                (local.set $v
                  (i32x4.shl
                    (i32x4.min_s
                      (i32x4.max_s (i32x4.shr_s (local.get $acc) (i32.const 22)) (v128.const i32x4 0 0 0 0))
                      (v128.const i32x4 255 255 255 255))
                    (i32.const 2)))
                (f32.store (local.get $d) (f32.load (i32.add (local.get $lutc) (i32x4.extract_lane 0 (local.get $v)))))
                (f32.store offset=4 (local.get $d) (f32.load (i32.add (local.get $lutc) (i32x4.extract_lane 1 (local.get $v)))))
                (f32.store offset=8 (local.get $d) (f32.load (i32.add (local.get $lutc) (i32x4.extract_lane 2 (local.get $v)))))
                (f32.store offset=12 (local.get $d) (f32.load (i32.add (local.get $lutc) (i32x4.extract_lane 3 (local.get $v)))))
                (local.set $d (i32.add (local.get $d) (i32.const 16)))
                (local.set $x (i32.add (local.get $x) (i32.const 4)))
                (br $xloop)))
            (local.set $y (i32.add (local.get $y) (i32.const 1)))
            (br $yloop)))
        (local.set $c (i32.add (local.get $c) (i32.const 1)))
        (br $cloop))))
)

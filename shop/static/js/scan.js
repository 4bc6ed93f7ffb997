// Scanning a code with the phone's camera into a code field: the certificate QR of /verify/<code> (which gives
// <code>) or an EAN-13 barcode (its 13 digits). Each input marked [data-scan-target] gets a "Quét mã" button, made
// from <template id="scan-kit"> (templates/_scan.html), only where the browser has a camera API: without JS or a
// camera nothing shows and typing the code works as ever. The button opens the rear camera in a dialog; frames are
// read by the browser's BarcodeDetector where it reads both formats, else by the vendored ZXing (loaded on first
// use). A code read fills the input, fires `input` and `change`, and moves on to the next field.
// [data-scan-target="find"] is a finder: a code typed or read there focuses the field of the line whose
// [data-scan-codes] lists it (the receive screen), the field itself is shown only with JS ([data-scan-finder]).
(function () {
  "use strict";
  var FORMATS = ["qr_code", "ean_13"];
  var kit = document.getElementById("scan-kit");
  var engine = null;  // a promise of {name, read(canvas) -> promise of text or null}

  function codeOf(text) {
    var read = String(text).trim();
    var url;
    try { url = new URL(read); } catch (notUrl) { return read; }
    var parts = url.pathname.split("/").filter(Boolean);
    var at = parts.lastIndexOf("verify");
    if (at >= 0 && parts[at + 1]) { return decodeURIComponent(parts[at + 1]); }
    return url.searchParams.get("code") || read;
  }

  function nativeEngine() {
    if (!("BarcodeDetector" in window)) { return Promise.resolve(null); }
    return Promise.resolve(window.BarcodeDetector.getSupportedFormats()).then(function (formats) {
      if (!FORMATS.every(function (format) { return formats.indexOf(format) >= 0; })) { return null; }
      var detector = new window.BarcodeDetector({formats: FORMATS});
      return {name: "BarcodeDetector", read: function (canvas) {
        return detector.detect(canvas).then(function (found) { return found.length ? found[0].rawValue : null; });
      }};
    }).catch(function () { return null; });
  }

  function loadZxing() {
    if (window.ZXing) { return Promise.resolve(window.ZXing); }
    return new Promise(function (resolve, reject) {
      var script = document.createElement("script");
      script.src = kit.dataset.decoder;
      script.onload = function () { resolve(window.ZXing); };
      script.onerror = reject;
      document.head.appendChild(script);
    });
  }

  function zxingEngine(ZXing) {
    var hints = new Map();
    hints.set(ZXing.DecodeHintType.POSSIBLE_FORMATS, [ZXing.BarcodeFormat.QR_CODE, ZXing.BarcodeFormat.EAN_13]);
    hints.set(ZXing.DecodeHintType.TRY_HARDER, true);
    var reader = new ZXing.MultiFormatReader();
    reader.setHints(hints);
    function readOne(canvas) {
      var bitmap = new ZXing.BinaryBitmap(new ZXing.HybridBinarizer(new ZXing.HTMLCanvasElementLuminanceSource(canvas)));
      try { return reader.decodeWithState(bitmap).getText(); } catch (none) { return null; }
    }
    return {name: "zxing", read: function (canvas) {
      // ZXing misses about one QR code in a hundred as drawn; turned a quarter or at half size it reads them
      var text = readOne(canvas) || readOne(redrawn(canvas, true, 1)) || readOne(redrawn(canvas, false, 0.5));
      return Promise.resolve(text);
    }};
  }

  function redrawn(canvas, turned, scale) {
    var copy = document.createElement("canvas");
    var width = Math.round(canvas.width * scale);
    var height = Math.round(canvas.height * scale);
    copy.width = turned ? height : width;
    copy.height = turned ? width : height;
    var context = copy.getContext("2d", {willReadFrequently: true});
    if (turned) { context.translate(copy.width, 0); context.rotate(Math.PI / 2); }
    context.drawImage(canvas, 0, 0, width, height);
    return copy;
  }

  function chosenEngine() {
    engine = engine || nativeEngine().then(function (native) { return native || loadZxing().then(zxingEngine); });
    return engine;
  }

  function decode(source, width, height) {
    var canvas = document.createElement("canvas");
    canvas.width = width;
    canvas.height = height;
    canvas.getContext("2d", {willReadFrequently: true}).drawImage(source, 0, 0, width, height);
    return chosenEngine().then(function (chosen) { return chosen.read(canvas); })
      .then(function (text) { return text === null ? null : codeOf(text); });
  }

  window.ocopScan = {
    codeOf: codeOf,
    engine: function () { return chosenEngine().then(function (chosen) { return chosen.name; }); },
    decodeImage: function (image) { return decode(image, image.naturalWidth || image.width, image.naturalHeight || image.height); }
  };

  function found(input, code) {
    input.value = code;
    input.dispatchEvent(new Event("input", {bubbles: true}));
    input.dispatchEvent(new Event("change", {bubbles: true}));
    if (input.dataset.scanTarget === "find") { return; }
    var fields = input.form ? Array.prototype.filter.call(input.form.elements, function (field) {
      return !field.classList.contains("scan-button");
    }) : [];
    var next = fields[fields.indexOf(input) + 1];
    (next || input).focus();
  }

  function scanInto(input) {
    var dialog = kit.content.querySelector(".scan-dialog").cloneNode(true);
    var video = dialog.querySelector("video");
    var status = dialog.querySelector(".scan-status");
    var stream = null;
    var timer = null;
    var read = null;
    function close() { if (dialog.open) { dialog.close(); } }
    function stop() { if (stream) { stream.getTracks().forEach(function (track) { track.stop(); }); } }
    dialog.addEventListener("close", function () {
      clearTimeout(timer);
      stop();
      dialog.remove();
      if (read) { found(input, read); } else { input.focus(); }
    });
    dialog.querySelector("[data-scan-close]").addEventListener("click", close);
    document.body.appendChild(dialog);
    dialog.showModal();
    function look() {
      if (!dialog.open) { return; }
      var ready = video.readyState >= 2 && video.videoWidth;
      (ready ? decode(video, video.videoWidth, video.videoHeight) : Promise.resolve(null)).then(function (code) {
        if (code) { read = code; close(); } else { timer = setTimeout(look, 150); }
      }, function () { status.textContent = status.dataset.failed; });
    }
    navigator.mediaDevices.getUserMedia({video: {facingMode: {ideal: "environment"}}, audio: false}).then(function (opened) {
      stream = opened;
      if (!dialog.open) { stop(); return; }  // closed before the camera opened
      video.srcObject = stream;
      return video.play().then(look);
    }).catch(function () { status.textContent = status.dataset.failed; });
  }

  function addButton(input) {
    var button = kit.content.querySelector(".scan-button").cloneNode(true);
    var field = document.createElement("span");
    field.className = "scan-field";
    input.parentNode.insertBefore(field, input);
    field.appendChild(input);
    field.appendChild(button);
    button.addEventListener("click", function () { scanInto(input); });
  }

  function findLine(finder) {
    var code = finder.value.trim().toLowerCase();
    var note = document.getElementById(finder.dataset.scanNote);
    var line = Array.prototype.find.call(document.querySelectorAll("[data-scan-codes]"), function (candidate) {
      return code && candidate.dataset.scanCodes.toLowerCase().split(" ").indexOf(code) >= 0;
    });
    if (note) { note.textContent = line || !code ? "" : note.dataset.missing; }
    if (line) {
      var field = line.querySelector("input:not([type=hidden])");
      field.focus();
      field.select();
    }
  }

  function startFinder(finder) {
    var box = finder.closest("[data-scan-finder]");
    if (box) { box.hidden = false; }
    finder.addEventListener("change", function () { findLine(finder); });
    finder.addEventListener("keydown", function (event) {
      if (event.key === "Enter") { event.preventDefault(); findLine(finder); }
    });
  }

  if (!kit) { return; }
  document.querySelectorAll("[data-scan-target=find]").forEach(startFinder);
  if (!(navigator.mediaDevices && navigator.mediaDevices.getUserMedia)) { return; }
  document.querySelectorAll("[data-scan-target]").forEach(addButton);
}());

// The report form's bot check: find a number whose SHA-256 with the server's nonce starts with
// the asked number of zero bits, then put it in the hidden "proof" field and hide the sum question.
// Without this script (or without WebCrypto) the visitor answers the sum instead.
(function () {
  "use strict";

  var form = document.querySelector("form[data-pow-nonce]");
  if (!form || !window.crypto || !window.crypto.subtle || !window.TextEncoder) {
    return;
  }
  var nonce = form.getAttribute("data-pow-nonce");
  var bits = parseInt(form.getAttribute("data-pow-bits"), 10);
  var proof = form.querySelector("input[name=proof]");
  var question = document.getElementById("report-question");
  var encoder = new TextEncoder();

  function zeroBits(buffer) {
    var bytes = new Uint8Array(buffer);
    var count = 0;
    for (var i = 0; i < bytes.length; i++) {
      if (bytes[i] === 0) {
        count += 8;
        continue;
      }
      var b = bytes[i];
      while ((b & 0x80) === 0) {
        count += 1;
        b <<= 1;
      }
      break;
    }
    return count;
  }

  function search(start) {
    var tries = [];
    for (var i = start; i < start + 256; i++) {
      tries.push(window.crypto.subtle.digest("SHA-256", encoder.encode(nonce + ":" + i)));
    }
    return Promise.all(tries).then(function (digests) {
      for (var j = 0; j < digests.length; j++) {
        if (zeroBits(digests[j]) >= bits) {
          return start + j;
        }
      }
      return search(start + 256);
    });
  }

  search(0).then(function (found) {
    proof.value = String(found);
    if (question) {
      question.hidden = true;
    }
  });
})();

// Security keys (WebAuthn): adding one on the account page, signing in with one on the second
// sign-in step. Enhances <div class="webauthn" data-webauthn="register|login" hidden>; without
// WebAuthn in the browser the block simply stays hidden. No dependencies, no inline code.
(function () {
  "use strict";

  function toBytes(base64url) {
    var base64 = base64url.replace(/-/g, "+").replace(/_/g, "/");
    base64 += "===".slice((base64.length + 3) % 4);
    var binary = window.atob(base64);
    var bytes = new Uint8Array(binary.length);
    for (var i = 0; i < binary.length; i++) {
      bytes[i] = binary.charCodeAt(i);
    }
    return bytes.buffer;
  }

  function toBase64url(buffer) {
    var bytes = new Uint8Array(buffer);
    var binary = "";
    for (var i = 0; i < bytes.length; i++) {
      binary += String.fromCharCode(bytes[i]);
    }
    return window.btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  }

  function csrfToken() {
    var input = document.querySelector("input[name=csrfmiddlewaretoken]");
    if (input) {
      return input.value;
    }
    var match = document.cookie.match(/(?:^|;\s*)(?:__Host-)?csrftoken=([^;]+)/);
    return match ? decodeURIComponent(match[1]) : "";
  }

  // A refusal from our server, as opposed to the browser's own errors (which carry English text).
  function Refusal(error) {
    this.code = error.code || "";
    this.message = error.message || "";
    this.redirect = error.redirect || "";
  }

  // POST JSON; resolves with the answer, rejects with a Refusal.
  function post(url, body) {
    return window
      .fetch(url, {
        method: "POST",
        credentials: "same-origin",
        headers: {
          Accept: "application/json",
          "Content-Type": "application/json",
          "X-CSRFToken": csrfToken(),
        },
        body: JSON.stringify(body || {}),
      })
      .then(function (response) {
        return response.json().then(
          function (data) {
            if (!response.ok) {
              throw new Refusal(data.error || {});
            }
            return data;
          },
          function () {
            throw new Refusal({});
          }
        );
      });
  }

  function descriptors(list) {
    return (list || []).map(function (item) {
      return { type: item.type, id: toBytes(item.id), transports: item.transports };
    });
  }

  function creationOptions(options) {
    options.challenge = toBytes(options.challenge);
    options.user.id = toBytes(options.user.id);
    options.excludeCredentials = descriptors(options.excludeCredentials);
    return { publicKey: options };
  }

  function requestOptions(options) {
    options.challenge = toBytes(options.challenge);
    options.allowCredentials = descriptors(options.allowCredentials);
    return { publicKey: options };
  }

  function credentialJSON(credential) {
    var response = credential.response;
    var json = {
      id: credential.id,
      rawId: toBase64url(credential.rawId),
      type: credential.type,
      authenticatorAttachment: credential.authenticatorAttachment || null,
      clientExtensionResults: credential.getClientExtensionResults(),
      response: { clientDataJSON: toBase64url(response.clientDataJSON) },
    };
    if (response.attestationObject) {
      json.response.attestationObject = toBase64url(response.attestationObject);
      if (typeof response.getTransports === "function") {
        json.response.transports = response.getTransports();
      }
    } else {
      json.response.authenticatorData = toBase64url(response.authenticatorData);
      json.response.signature = toBase64url(response.signature);
      if (response.userHandle) {
        json.response.userHandle = toBase64url(response.userHandle);
      }
    }
    return json;
  }

  function register(block) {
    var nameInput = document.getElementById("key-name");
    return post(block.dataset.begin)
      .then(function (options) {
        return navigator.credentials.create(creationOptions(options));
      })
      .then(function (credential) {
        return post(block.dataset.finish, {
          name: nameInput ? nameInput.value : "",
          credential: credentialJSON(credential),
        });
      })
      .then(function () {
        window.location.reload();
      });
  }

  function signIn(block) {
    return post(block.dataset.begin)
      .then(function (options) {
        return navigator.credentials.get(requestOptions(options));
      })
      .then(function (credential) {
        return post(block.dataset.finish, { credential: credentialJSON(credential) });
      })
      .then(function (answer) {
        window.location.assign(answer.redirect);
      });
  }

  function enhance(block) {
    var button = block.querySelector("button");
    var error = block.querySelector(".webauthn-error");
    var ceremony = block.dataset.webauthn === "register" ? register : signIn;
    var defaultMessage = error ? error.textContent : "";
    if (!button) {
      return;
    }
    block.hidden = false;
    button.addEventListener("click", function () {
      button.disabled = true;
      if (error) {
        error.hidden = true;
      }
      ceremony(block)
        .catch(function (problem) {
          // Errors from the server carry a translated message, and sometimes a page to go to
          // (confirm your identity, sign in again); the browser's own errors use the page's text.
          var refusal = problem instanceof Refusal ? problem : new Refusal({});
          if (refusal.redirect) {
            window.location.assign(refusal.redirect);
            return;
          }
          if (error) {
            error.textContent = refusal.message || defaultMessage;
            error.hidden = false;
          }
        })
        .then(function () {
          button.disabled = false;
        });
    });
  }

  if (!window.PublicKeyCredential || !navigator.credentials) {
    return;
  }
  Array.prototype.forEach.call(document.querySelectorAll(".webauthn[data-webauthn]"), enhance);
})();

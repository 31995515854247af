// security keys: written with the WebAuthn step

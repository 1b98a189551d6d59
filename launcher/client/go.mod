module slipway.dev/launcher/client

go 1.24

# Signs one file for the Tauri bundler (bundle.windows.signCommand: "%1" is the file).
# The certificate never lives in the repository: either a certificate in the machine's store,
# named by thumbprint (PARLEY_WINDOWS_CERT_THUMBPRINT, e.g. a hardware token or a cloud HSM's
# CSP), or a cloud signer's command line in PARLEY_WINDOWS_SIGN_COMMAND ("{file}" replaced).
param([Parameter(Mandatory = $true)][string]$File)
$ErrorActionPreference = 'Stop'
if ($env:PARLEY_WINDOWS_SIGN_COMMAND) {
    $command = $env:PARLEY_WINDOWS_SIGN_COMMAND.Replace('{file}', $File)
    & cmd /c $command
} elseif ($env:PARLEY_WINDOWS_CERT_THUMBPRINT) {
    & signtool sign /sha1 $env:PARLEY_WINDOWS_CERT_THUMBPRINT /fd sha256 /td sha256 `
        /tr http://timestamp.digicert.com /d Parley $File
} else {
    throw 'No signing method: set PARLEY_WINDOWS_CERT_THUMBPRINT or PARLEY_WINDOWS_SIGN_COMMAND.'
}
if ($LASTEXITCODE -ne 0) { throw "signing $File failed ($LASTEXITCODE)" }

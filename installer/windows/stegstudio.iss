; Inno Setup 6.3+ script for StegStudio on Windows. NOT TESTED HERE (no Windows machine): written
; from the Inno Setup documentation. Build the onedir bundle first on Windows with
;   pyinstaller --noconfirm installer\stegstudio.spec      (gives dist\stegstudio\stegstudio.exe)
; then compile this script with ISCC.exe installer\windows\stegstudio.iss -> dist\stegstudio-<ver>-windows-setup.exe
#define AppName "StegStudio"
#define AppVersion "0.1.0"

[Setup]
AppId={{5B0C2F4E-7A51-4D3B-9E2C-2F7E6D1C9A10}
AppName={#AppName}
AppVersion={#AppVersion}
AppPublisher=StegStudio developers
DefaultDirName={autopf}\{#AppName}
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
OutputDir=..\..\dist
OutputBaseFilename=stegstudio-{#AppVersion}-windows-setup
Compression=lzma2/normal
SolidCompression=yes
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
UninstallDisplayIcon={app}\stegstudio.exe
WizardStyle=modern

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[Files]
Source: "..\..\dist\stegstudio\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{group}\{#AppName}"; Filename: "{app}\stegstudio.exe"; Parameters: "gui"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\stegstudio.exe"; Parameters: "gui"; Tasks: desktopicon

[Run]
Filename: "{app}\stegstudio.exe"; Parameters: "gui"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent

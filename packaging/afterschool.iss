; Inno Setup script for the Windows installer (Inno Setup 6). Build the one-folder app first on
; a Windows PC with `python packaging\build.py` (it ends with the app's own self-test), then
; compile this script: `"C:\Program Files (x86)\Inno Setup 6\ISCC.exe" packaging\afterschool.iss`.
; The result is dist\afterschool-setup-<version>.exe. Steps in packaging/README.md.

#define AppName "课后服务考勤与接领交接"
#define AppVersion "0.1.0"
#define AppExe "afterschool.exe"

[Setup]
AppId={{6F2B7C1E-3D4A-4E52-9A77-AF7E5C0B1D26}
AppName={#AppName}
AppVersion={#AppVersion}
AppPublisher=After-school project
DefaultDirName={autopf}\afterschool
DefaultGroupName={#AppName}
OutputDir=..\dist
OutputBaseFilename=afterschool-setup-{#AppVersion}
Compression=lzma2
SolidCompression=yes
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
MinVersion=10.0
PrivilegesRequired=admin
WizardStyle=modern
UninstallDisplayIcon={app}\{#AppExe}

[Languages]
Name: "chinesesimplified"; MessagesFile: "compiler:Languages\ChineseSimplified.isl"

[Tasks]
Name: "desktopicon"; Description: "在桌面创建快捷方式"; GroupDescription: "快捷方式："

[Files]
; Everything PyInstaller collected, as it is.
Source: "..\dist\afterschool\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{group}\{#AppName}"; Filename: "{app}\{#AppExe}"
Name: "{group}\演示学校（练习用）"; Filename: "{app}\{#AppExe}"; Parameters: "--demo"
Name: "{group}\卸载"; Filename: "{uninstallexe}"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; Tasks: desktopicon

[Run]
; The installed copy checks itself before anyone relies on it.
Filename: "{app}\{#AppExe}"; Parameters: "--selftest"; Flags: runhidden waituntilterminated; StatusMsg: "正在自检…"
Filename: "{app}\{#AppExe}"; Description: "启动 {#AppName}"; Flags: nowait postinstall skipifsilent

[UninstallDelete]
; The school's data (database, card key, archive, backups) lives in the user's folders and is
; never deleted by the uninstaller.

from stegstudio.cli import main

raise SystemExit(main())

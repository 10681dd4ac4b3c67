from hackoclock.cli import main

main()

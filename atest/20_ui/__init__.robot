*** Settings ***
Documentation     UI suites: one headless Chromium for the whole directory, logged in once
...               through the login form like a user.

Resource          ui.resource

Suite Setup       Open And Log In
Suite Teardown    Close Hub UI

Test Tags         ui


*** Keywords ***
Open And Log In
    [Documentation]    Headless Chromium at the hub UI, logged in through the form.
    Open Hub UI    headless=True
    Log In To Hub UI

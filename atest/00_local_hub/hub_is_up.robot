*** Settings ***
Documentation       The local hub answers over plain HTTP: the first suite to run.
...
...                 Start the hub and export its coordinates before running:
...                 | hubtask hub up
...                 | eval "$(hubtask hub env)"
...                 | robot atest/00_local_hub

Library             Collections

Test Tags           hub    prefix


*** Variables ***
${HUB_URL}              %{HUB_URL=http://127.0.0.1:24817}
${HUB_API_PREFIX}       %{HUB_API_PREFIX=/api/galaxy/}
${HUB_USERNAME}         %{HUB_USERNAME=admin}
${HUB_PASSWORD}         %{HUB_PASSWORD=admin}
${TIMEOUT}              ${30}


*** Test Cases ***
API Root Answers 200 With Basic Auth
    ${reply}    Get From Hub    ${HUB_API_PREFIX}
    Should Be Equal As Integers    ${reply.status_code}    200
    ${body}    Evaluate    $reply.json()
    Dictionary Should Contain Key    ${body}    available_versions

Request Without Credentials Answers 403
    ${reply}    Get From Hub    ${HUB_API_PREFIX}v3/namespaces/    auth=${False}
    Should Be Equal As Integers    ${reply.status_code}    403
    Should Contain    ${reply.text}    Authentication credentials were not provided.

Wrong Password Answers 403
    ${reply}    Get From Hub    ${HUB_API_PREFIX}    password=not-the-${HUB_PASSWORD}
    Should Be Equal As Integers    ${reply.status_code}    403

UI Page Serves HTML
    ${reply}    Get From Hub    /ui/    auth=${False}
    Should Be Equal As Integers    ${reply.status_code}    200
    Should Start With    ${reply.headers}[Content-Type]    text/html
    Should Contain    ${reply.text}    <div id="root">

UI Deep Link Serves The Same Page With A CSRF Cookie
    ${reply}    Get From Hub    /ui/tasks/    auth=${False}
    Should Be Equal As Integers    ${reply.status_code}    200
    Should Contain    ${reply.text}    <div id="root">
    Dictionary Should Contain Key    ${reply.cookies}    csrftoken

UI Script Calls The Configured API Prefix
    ${page}    Get From Hub    /ui/    auth=${False}
    ${script}    Evaluate    re.search(r'src="(/static/galaxy_ng/js/App[^"]+)"', $page.text).group(1)
    ...    modules=re
    ${reply}    Get From Hub    ${script}    auth=${False}
    Should Be Equal As Integers    ${reply.status_code}    200
    Should Contain    ${reply.text}    "${HUB_API_PREFIX}"


*** Keywords ***
Get From Hub
    [Documentation]    GET ``${HUB_URL}${path}``, with basic auth unless ``auth`` is false.
    [Arguments]    ${path}    ${auth}=${True}    ${password}=${HUB_PASSWORD}
    # The credentials stay inside the expression: a variable holding them
    # would be logged (the secrets scan of the test run catches that).
    # robocop: off=line-too-long
    ${reply}    Evaluate
    ...    requests.get($HUB_URL + $path, auth=($HUB_USERNAME, $password) if $auth else None, timeout=$TIMEOUT, allow_redirects=False)
    ...    modules=requests
    # robocop: on=line-too-long
    RETURN    ${reply}

*** Settings ***
Documentation       Passwords and tokens never reach the outputs. A dedicated user (never
...                 admin: fetching a token replaces the user's token) gets a token; the
...                 library uses it and the user's password, also in failures. After the run
...                 scripts/check-secrets.py scans output.xml, log.html, report.html and the
...                 console log (see the report of issue 6); here it is checked on planted leaks.
Library             OperatingSystem
Library             Process
Library             String
Library             HubTaskLibrary    timeout=30s    AS    Hub
Library             ../tools/HubProbe.py
Suite Setup         Create Token User
Suite Teardown      Delete Hub User    ${USER}
Test Tags           resilience    secrets


*** Variables ***
${SCANNER}      ${CURDIR}/../../scripts/check-secrets.py


*** Test Cases ***
Token From The API Works And Stays Out Of Messages
    Import Library    HubTaskLibrary    base_url=%{HUB_URL}    token=%{HUBTASK_SECRETS_TOKEN}
    ...    api_prefix=%{HUB_API_PREFIX}    timeout=30s    AS    WithToken
    WithToken.List Tasks    limit=1
    ${error} =    Run Keyword And Expect Error    *403*    WithToken.Create Namespace    zz_${USER}
    Text Should Not Reveal Secrets    ${error}
    Hub.Namespace Should Not Exist    zz_${USER}

Password Of A Non-Admin User Stays Out Of Messages
    Import Library    HubTaskLibrary    base_url=%{HUB_URL}    username=${USER}
    ...    password=%{HUBTASK_SECRETS_PASSWORD}    api_prefix=%{HUB_API_PREFIX}    timeout=30s
    ...    AS    WithPassword
    WithPassword.List Tasks    limit=1
    ${error} =    Run Keyword And Expect Error    *lacks that permission*
    ...    WithPassword.Create Namespace    zz_${USER}
    Text Should Not Reveal Secrets    ${error}
    Import Library    HubTaskLibrary    base_url=%{HUB_URL}    username=${USER}
    ...    password=%{HUBTASK_SECRETS_PASSWORD}x    api_prefix=%{HUB_API_PREFIX}    timeout=30s
    ...    AS    WithWrongPassword
    ${error} =    Run Keyword And Expect Error    *Invalid username/password*
    ...    WithWrongPassword.List Tasks
    Text Should Not Reveal Secrets    ${error}

Scanner Names The File Holding A Planted Secret
    VAR    ${dir}    ${TEMPDIR}/hubtask-planted-${USER}
    Remove Directory    ${dir}    recursive=True
    Create File    ${dir}/output.xml    <msg>token %{HUBTASK_SECRETS_TOKEN}</msg>
    Create File    ${dir}/report.html    <html>nothing here</html>
    # Robot keeps log.html messages zlib-compressed and base64-encoded: plant one that way.
    # One expression, so that no variable holds the token (it would be logged).
    # robocop: off=line-too-long
    Evaluate    pathlib.Path($dir, "log.html").write_text('<script>window.output["strings"] = window.output["strings"].concat(["*a","' + base64.b64encode(zlib.compress(("Authorization: Token " + os.environ["HUBTASK_SECRETS_TOKEN"]).encode())).decode() + '"]);</script>')
    ...    modules=base64,zlib,os,pathlib
    # robocop: on=line-too-long
    Create File    ${dir}/console.log    password=%{HUBTASK_SECRETS_PASSWORD}
    ${result} =    Run Process    ${PYTHON}    ${SCANNER}    --secrets-file    ${SECRETS_FILE}
    ...    ${dir}
    Should Be Equal As Integers    ${result.rc}    1
    Should Contain    ${result.stdout}    ${dir}/output.xml
    Should Contain    ${result.stdout}    ${dir}/log.html
    Should Contain    ${result.stdout}    ${dir}/console.log
    Should Not Contain    ${result.stdout}    report.html
    Text Should Not Reveal Secrets    ${result.stdout}
    Remove Directory    ${dir}    recursive=True

Scanner Passes Clean Files
    VAR    ${dir}    ${TEMPDIR}/hubtask-clean-${USER}
    Create File    ${dir}/output.xml    <msg>nothing to see</msg>
    ${result} =    Run Process    ${PYTHON}    ${SCANNER}    --secrets-file    ${SECRETS_FILE}
    ...    ${dir}
    Should Be Equal As Integers    ${result.rc}    0    ${result.stdout}
    Remove Directory    ${dir}    recursive=True


*** Keywords ***
Create Token User
    [Documentation]    A hub user and its token, held in environment variables only (Robot variables are logged).
    ${suffix} =    Generate Random String    8    [LOWER]
    VAR    ${USER}    hubtask_tokens_${suffix}    scope=SUITE
    Create Hub User    ${USER}    HUBTASK_SECRETS_PASSWORD
    Fetch Token For User    ${USER}    HUBTASK_SECRETS_PASSWORD    HUBTASK_SECRETS_TOKEN
    ${file} =    Get Secrets File
    VAR    ${SECRETS_FILE}    ${file}    scope=SUITE
    ${python} =    Evaluate    sys.executable    modules=sys
    VAR    ${PYTHON}    ${python}    scope=SUITE

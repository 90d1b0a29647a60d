/// Publishing recipes written by `zhendi init`: CI for GitHub Pages and GitLab Pages (on every
/// push and once a day, so scheduled articles appear on their date), and an rsync + nginx recipe
/// for an organisation's own server. All of them run `zhendi check` then `zhendi build`.
enum CITemplates {
    /// Shell that provides ./bin/zhendi: the copy committed in the site (what `zhendi init`
    /// writes), or one built from source (set ZHENDI_REPO to your copy of the zhendi repository).
    static let prepare = """
    if [ ! -x bin/zhendi ]; then
      apt-get update && apt-get install -y git pkg-config libcmark-gfm-dev libcmark-gfm-extensions-dev
      git clone --depth 1 "$ZHENDI_REPO" /tmp/zhendi-src
      /tmp/zhendi-src/scripts/build-release
      mkdir -p bin && cp /tmp/zhendi-src/.build/zhendi bin/zhendi
    fi
    ./bin/zhendi --version
    """

    static let githubActions = """
    # 生成并发布网站到 GitHub Pages。
    # 每次推送到 main 分支时运行，并且每天北京时间 0:10 自动运行一次，让定时发布的文章按时上线。
    # 使用前：仓库 Settings → Pages → Source 选择 “GitHub Actions”。
    name: 发布网站
    "on":
      push:
        branches: [main]
      schedule:
        - cron: "10 16 * * *"
      workflow_dispatch:
    permissions:
      contents: read
      pages: write
      id-token: write
    concurrency:
      group: pages
      cancel-in-progress: true
    jobs:
      build:
        runs-on: ubuntu-latest
        container: swift:6.0-bookworm
        env:
          ZHENDI_REPO: https://github.com/zhendi-portal/zhendi.git
        steps:
          - uses: actions/checkout@v4
          - name: 准备 zhendi
            run: |
    \(indent(prepare, by: 10))
          - name: 检查内容
            run: ./bin/zhendi check
          - name: 生成网站
            run: ./bin/zhendi build
          - uses: actions/upload-pages-artifact@v3
            with:
              path: public
      deploy:
        needs: build
        runs-on: ubuntu-latest
        environment:
          name: github-pages
          url: ${{ steps.deployment.outputs.page_url }}
        steps:
          - id: deployment
            uses: actions/deploy-pages@v4

    """

    static let gitlab = """
    # 生成并发布网站到 GitLab Pages。
    # 每天自动运行：在 GitLab 项目的 Build → Pipeline schedules 里新建一个每天 0:10 的计划。
    image: swift:6.0-bookworm
    variables:
      ZHENDI_REPO: https://github.com/zhendi-portal/zhendi.git
    pages:
      stage: deploy
      script:
        - |
    \(indent(prepare, by: 6))
        - ./bin/zhendi check
        - ./bin/zhendi build
      artifacts:
        paths:
          - public
      rules:
        - if: $CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH
        - if: $CI_PIPELINE_SOURCE == "schedule"

    """

    static let rsync = """
    #!/usr/bin/env bash
    # 发布到本单位自己的服务器（nginx）。用法：deploy/rsync.sh 用户名@服务器地址:/srv/dangjian
    # 先检查、再生成，只有全部成功才上传；--delete-after 在传完新文件后才删除旧文件，
    # 上传过程中读者看到的始终是完整的网站。
    set -euo pipefail
    cd "$(dirname "$0")/.."
    target="${1:?请写上目标，例如 deploy/rsync.sh user@server:/srv/dangjian}"
    ./bin/zhendi check
    ./bin/zhendi build
    rsync -rlptvz --delete-after --exclude ".*" public/ "$target/"

    """

    static let nginx = """
    # nginx 站点配置示例：把 root 改成上传的目录。
    server {
        listen 80;
        server_name dangjian.example.gov.cn;
        root /srv/dangjian;
        index index.html;
        error_page 404 /404.html;
        charset utf-8;
        gzip on;
        gzip_types text/css application/javascript application/json application/xml text/plain application/rss+xml application/atom+xml application/feed+json;
        # 带内容哈希的文件名（样式、脚本、搜索索引）可以永久缓存
        location /assets/ { expires max; add_header Cache-Control "public, max-age=31536000, immutable"; }
        location ~ ^/search/[0-9a-f]{12}/ { expires max; add_header Cache-Control "public, max-age=31536000, immutable"; }
        # 网页本身每次都向服务器确认是否有更新
        location / { add_header Cache-Control "no-cache"; try_files $uri $uri/ =404; }
    }

    """

    static func indent(_ text: String, by spaces: Int) -> String {
        let pad = String(repeating: " ", count: spaces)
        return text.split(separator: "\n", omittingEmptySubsequences: false).map { $0.isEmpty ? "" : pad + $0 }.joined(separator: "\n")
    }
}
